// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Everything the CLI does with OSC, in one place: the --osc option and the sender wiring.

#include "Analyzer.h"
#include "Fanout.h"
#include "OscSender.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace moodscope {

// Adds the repeatable `--osc HOST:PORT` option; a malformed value is a usage error (exit 2).
CLI::Option* addOscOption(CLI::App* command, std::vector<std::string>& targets, const std::string& help);

// Parses values that addOscOption already validated.
std::vector<OscTarget> oscTargets(const std::vector<std::string>& texts);

// "127.0.0.1:9000, host:port" for human messages.
std::string describeTargets(const std::vector<OscTarget>& targets);

// An OscSender on a pair of fan-outs, started on construction, flushed and stopped on
// destruction.
class OscStream // control thread (the CLI's main thread)
{
  public:
    OscStream(Fanout<FastFrame>& fast, Fanout<SlowSnapshot>& slow, const std::vector<OscTarget>& targets);
    ~OscStream();
    OscStream(const OscStream&) = delete;
    OscStream& operator=(const OscStream&) = delete;

    void flush();
    OscStats stats() const { return sender_.stats(); }

  private:
    OscSender sender_;
};

// File analysis drives the Analyzer itself (no Engine), so OSC gets its own fan-outs: this
// sink passes every result on to the CLI's printer and publishes it for the sender thread.
class OscPublishingSink final : public AnalysisSink // analyzing thread publishes; sender thread consumes
{
  public:
    OscPublishingSink(AnalysisSink& inner, const std::vector<OscTarget>& targets);

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
