// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <juce_core/juce_core.h>

namespace moodscope {

// A juce::InputStream over an open file descriptor, which it owns unless told otherwise. File names reach the CLI
// as bytes, not necessarily UTF-8; juce::File would re-encode such a name into another
// one, so files are opened by their bytes and read through this. Reads use pread, so
// several streams over dup()s of one descriptor do not move each other's position.
class FileDescriptorStream final : public juce::InputStream
{
  public:
    explicit FileDescriptorStream(int fd, bool owned = true);
    ~FileDescriptorStream() override;

    juce::int64 getTotalLength() override { return length; }
    bool isExhausted() override { return position >= length; }
    int read(void* destBuffer, int maxBytesToRead) override;
    juce::int64 getPosition() override { return position; }
    bool setPosition(juce::int64 newPosition) override;

  private:
    int fd;
    bool owned;
    juce::int64 length = 0;
    juce::int64 position = 0;
};

} // namespace moodscope
