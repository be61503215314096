// SPDX-License-Identifier: GPL-3.0-or-later
#include "FileDescriptorStream.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace moodscope {

FileDescriptorStream::FileDescriptorStream(int fileDescriptor, bool ownsIt) : fd(fileDescriptor), owned(ownsIt)
{
    struct stat st
    {};
    if (fd >= 0 && ::fstat(fd, &st) == 0)
        length = static_cast<juce::int64>(st.st_size);
}

FileDescriptorStream::~FileDescriptorStream()
{
    if (owned && fd >= 0)
        ::close(fd);
}

int FileDescriptorStream::read(void* destBuffer, int maxBytesToRead)
{
    if (fd < 0 || maxBytesToRead <= 0)
        return 0;
    ssize_t got = 0;
    do
        got = ::pread(fd, destBuffer, static_cast<size_t>(maxBytesToRead), static_cast<off_t>(position));
    while (got < 0 && errno == EINTR);
    if (got <= 0)
        return 0;
    position += got;
    return static_cast<int>(got);
}

bool FileDescriptorStream::setPosition(juce::int64 newPosition)
{
    // past the end is allowed, as with a file: reads there return nothing
    position = juce::jmax<juce::int64>(0, newPosition);
    return position == newPosition;
}

} // namespace moodscope
