// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Everything the CLI does with OSC, in one place: the --osc options and the sender wiring.

#include "engine/AnalysisSink.h"
#include "capture/Fanout.h"
#include "osc/OscSender.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace moodscope {

// Everything the OSC options of a command hold after parsing.
struct OscCliOptions
{
    std::vector<std::string> targets;
    std::string prefix = OscSettings {}.prefix;
    bool plain = false;
    bool noFast = false, noSlow = false, noDims = false, noEvents = false;
    double rateHz = OscSettings {}.maxFastRateHz;
    std::string timetag = "now";
    std::string profile = "default";

    // The options that shape the stream (all but --osc), to tell whether any was given.
    std::vector<const CLI::Option*> shaping;
};

// Adds the repeatable `--osc HOST:PORT` and the options that shape the stream (--osc-prefix,
// --osc-plain, --osc-no-fast/-slow/-dims/-events, --osc-rate, --osc-timetag, --osc-profile) to command; a
// malformed value is a usage error (exit 2). Returns the --osc option.
CLI::Option* addOscOptions(CLI::App* command, OscCliOptions& options, const std::string& targetHelp);

// After parsing: why these options make no sense together, or "" when they do. oscOn: whether
// the command sends OSC at all (analyze: only with --osc or --realtime).
std::string oscUsageProblem(const OscCliOptions& options, bool oscOn, const std::string& howToTurnOn);

// The settings the options ask for, sent to targets (which the command chose: --osc or its default).
OscSettings oscSettings(const OscCliOptions& options, std::vector<OscTarget> targets);

// Parses values that addOscOptions already validated.
std::vector<OscTarget> oscTargets(const std::vector<std::string>& texts);

// "127.0.0.1:9000, host:port" for human messages.
std::string describeTargets(const std::vector<OscTarget>& targets);

// The targets and whatever differs from the defaults: "127.0.0.1:9000 (prefix /club, plain messages)".
std::string describeSettings(const OscSettings& settings);

// An OscSender on a pair of fan-outs, started on construction, flushed and stopped on
// destruction.
class OscStream // control thread (the CLI's main thread)
{
  public:
    OscStream(Fanout<FastFrame>& fast, Fanout<SlowSnapshot>& slow, const OscSettings& settings);
    ~OscStream();
    OscStream(const OscStream&) = delete;
    OscStream& operator=(const OscStream&) = delete;

    void flush();
    void setSettings(const OscSettings& settings) { sender_.setSettings(settings); }
    OscStats stats() const { return sender_.stats(); }

  private:
    OscSender sender_;
};

// File analysis drives the Analyzer itself (no Engine), so OSC gets its own fan-outs: this
// sink passes every result on to the CLI's printer and publishes it for the sender thread.
class OscPublishingSink final : public AnalysisSink // analyzing thread publishes; sender thread consumes
{
  public:
    OscPublishingSink(AnalysisSink& inner, const OscSettings& settings);

    void onFast(const FastFrame& frame) noexcept override
    {
        inner_.onFast(frame);
        fast_.publish(frame);
    }
    void onSlow(const SlowSnapshot& snapshot) noexcept override
    {
        inner_.onSlow(snapshot);
        slow_.publish(snapshot);
    }

    // End of a file: everything published so far goes out before the next file starts.
    void flush() { stream_.flush(); }
    OscStats stats() const { return stream_.stats(); }

  private:
    AnalysisSink& inner_;
    // Faster than real time, hops arrive far quicker than the sender's 60 Hz fast rate,
    // so most fast frames are dropped here by design; slow snapshots get room for minutes.
    Fanout<FastFrame> fast_ { 1024 };
    Fanout<SlowSnapshot> slow_ { 1024 };
    OscStream stream_;
};

} // namespace moodscope
