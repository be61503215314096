// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The CLI's Ableton Link leader: the --link option and the wiring.

#include "engine/AnalysisSink.h"
#include "capture/Fanout.h"
#include "link/LinkLeader.h"

#include <CLI/CLI.hpp>

#include <string>

namespace moodscope {

// Adds `--link`; returns the option.
CLI::Option* addLinkOption(CLI::App* command, bool& link);

// "Link: 2 peers, session 128.0 BPM, tempo set 14 times, phase moved 3 times" for the end of a run.
std::string describeLinkStatus(const LinkStatus& status);

// A LinkLeader on a fast fan-out, started on construction, stopped on destruction.
class LinkStream // control thread (the CLI's main thread)
{
  public:
    explicit LinkStream(Fanout<FastFrame>& fast);
    ~LinkStream();
    LinkStream(const LinkStream&) = delete;
    LinkStream& operator=(const LinkStream&) = delete;

    LinkStatus status() const { return leader_.status(); }

  private:
    LinkLeader leader_;
};

// File analysis has no Engine: this sink passes every result on and publishes the fast frames
// for the Link thread.
class LinkPublishingSink final : public AnalysisSink // analyzing thread publishes; Link thread consumes
{
  public:
    explicit LinkPublishingSink(AnalysisSink& inner) : inner_(inner), stream_(fast_) {}

    void onFast(const FastFrame& frame) noexcept override
    {
        inner_.onFast(frame);
        fast_.publish(frame);
    }
    void onSlow(const SlowSnapshot& snapshot) noexcept override { inner_.onSlow(snapshot); }

    LinkStatus status() const { return stream_.status(); }

  private:
    AnalysisSink& inner_;
    Fanout<FastFrame> fast_ { 256 };
    LinkStream stream_;
};

} // namespace moodscope
