// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <string>

namespace moodscope {

// "mm:ss" or "h:mm:ss" for a duration; "--:--" when unknown (negative or not finite).
std::string clockTime(double seconds);

// One line on stderr, redrawn in place: files done, audio time done, elapsed, ETA.
// Silent unless stderr is a terminal, and silent for short jobs (it appears only once a
// job has run for a moment), so pipes, logs and tests never see it.
class ProgressBar // the thread that prints (the CLI's main thread)
{
  public:
    explicit ProgressBar(int totalFiles);
    ~ProgressBar(); // clears the line

    // secondsTotal may still grow while files are opened; a negative value means unknown,
    // and the bar then follows the files done.
    void update(int filesDone, double secondsDone, double secondsTotal);
    // Before printing a message on stderr: wipe the bar so the message stands alone.
    void clear();

    static std::string render(int filesDone, int totalFiles, double secondsDone, double secondsTotal,
                              double elapsedSeconds, int width);

  private:
    const bool enabled_;
    const int totalFiles_;
    const std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point lastDraw_ {};
    bool drawn_ = false;
};

} // namespace moodscope
