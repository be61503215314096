// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProgressBar.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace moodscope {

namespace {
constexpr double kShowAfterSeconds = 0.5; // shorter jobs never show a bar
constexpr double kRedrawSeconds = 0.1;
constexpr int kBarWidth = 28;
} // namespace

std::string clockTime(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0.0)
        return "--:--";
    const auto s = static_cast<long>(std::lround(seconds));
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%02ld:%02ld", s / 60, s % 60);
    return buf;
}

ProgressBar::ProgressBar(int totalFiles)
    : enabled_(isatty(STDERR_FILENO) == 1), totalFiles_(totalFiles), start_(std::chrono::steady_clock::now())
{}

ProgressBar::~ProgressBar()
{
    clear();
}

std::string ProgressBar::render(int filesDone, int totalFiles, double secondsDone, double secondsTotal,
                                double elapsedSeconds, int width)
{
    // by audio time when the total is known, else by files (a scan learns durations late)
    const bool byAudio = secondsTotal > 0.0;
    const double fraction =
        byAudio ? std::clamp(secondsDone / secondsTotal, 0.0, 1.0)
                : (totalFiles > 0 ? std::clamp(static_cast<double>(filesDone) / totalFiles, 0.0, 1.0) : 0.0);
    const int filled = static_cast<int>(fraction * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '-');
    const double eta = fraction > 0.0 ? elapsedSeconds * (1.0 - fraction) / fraction : -1.0;
    const std::string audio =
        byAudio ? "  " + clockTime(secondsDone) + "/" + clockTime(secondsTotal) + " audio" : std::string();
    char buf[256];
    std::snprintf(buf, sizeof buf, "[%s] %3d%%  %d/%d files%s  elapsed %s  ETA %s", bar.c_str(),
                  static_cast<int>(fraction * 100.0), filesDone, totalFiles, audio.c_str(),
                  clockTime(elapsedSeconds).c_str(), clockTime(eta).c_str());
    return buf;
}

void ProgressBar::update(int filesDone, double secondsDone, double secondsTotal)
{
    if (!enabled_)
        return;
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (elapsed < kShowAfterSeconds ||
        (drawn_ && std::chrono::duration<double>(now - lastDraw_).count() < kRedrawSeconds))
        return;
    lastDraw_ = now;
    drawn_ = true;
    const auto line = render(filesDone, totalFiles_, secondsDone, secondsTotal, elapsed, kBarWidth);
    std::fprintf(stderr, "\r%s\033[K", line.c_str());
    std::fflush(stderr);
}

void ProgressBar::clear()
{
    if (!drawn_)
        return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
}

} // namespace moodscope
