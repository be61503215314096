// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Everything the CLI does with WLED Audio Sync: the --wled options and the sender wiring.

#include "engine/AnalysisSink.h"
#include "capture/Fanout.h"
#include "wled/WledSender.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace moodscope {

struct WledCliOptions
{
    std::vector<std::string> targets; // "" for the multicast group
    int ttl = WledSettings {}.multicastTtl;
    std::string interface;
    CLI::Option* wled = nullptr;
    std::vector<const CLI::Option*> shaping; // --wled-ttl, --wled-interface
    // Set, with the pointers cleared, where the options outlive their parser (a --config file).
    bool given = false;

    bool on() const { return given || (wled != nullptr && wled->count() > 0); }
};

// Adds the repeatable `--wled [HOST[:PORT]]` (no value: WLED's multicast group 239.0.0.1:11988),
// --wled-ttl and --wled-interface.
void addWledOptions(CLI::App* command, WledCliOptions& options);

// After parsing: why these options make no sense, or "" when they do. allowed: whether the
// command can send WLED packets now (analyze: only with --realtime); whyNot says what is missing.
std::string wledUsageProblem(const WledCliOptions& options, bool allowed, const std::string& whyNot);

WledSettings wledSettings(const WledCliOptions& options);

// "239.0.0.1:11988 (multicast, TTL 1)" for human messages.
std::string describeWledSettings(const WledSettings& settings);

// A WledSender on the engine's fast fan-out, started on construction, stopped on destruction.
class WledStream // control thread (the CLI's main thread)
{
  public:
    WledStream(Fanout<FastFrame>& fast, const WledSettings& settings);
    ~WledStream();
    WledStream(const WledStream&) = delete;
    WledStream& operator=(const WledStream&) = delete;

    void stop(); // the stats are final after this
    WledStats stats() const { return sender_.stats(); }

  private:
    WledSender sender_;
};

// File analysis has no Engine: this sink passes every result on and publishes the fast frames
// for the WLED sender thread.
class WledPublishingSink final : public AnalysisSink // analyzing thread publishes; sender thread consumes
{
  public:
    WledPublishingSink(AnalysisSink& inner, const WledSettings& settings);

    void onFast(const FastFrame& frame) noexcept override
    {
        inner_.onFast(frame);
        fast_.publish(frame);
    }
    void onSlow(const SlowSnapshot& snapshot) noexcept override { inner_.onSlow(snapshot); }

    void stop() { stream_.stop(); }
    WledStats stats() const { return stream_.stats(); }

  private:
    AnalysisSink& inner_;
    Fanout<FastFrame> fast_ { 256 };
    WledStream stream_;
};

} // namespace moodscope
