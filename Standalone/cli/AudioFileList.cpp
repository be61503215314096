// SPDX-License-Identifier: GPL-3.0-or-later
#include "AudioFileList.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace moodscope {

namespace fs = std::filesystem;

const std::vector<std::string>& audioFileExtensions()
{
    static const std::vector<std::string> extensions { ".wav",  ".wave", ".aif", ".aiff", ".aifc",
                                                       ".flac", ".ogg",  ".oga", ".mp3" };
    return extensions;
}

std::string audioFileExtensionList()
{
    std::string list;
    for (const auto& ext : audioFileExtensions())
        list += (list.empty() ? "" : ", ") + ext.substr(1);
    return list;
}

namespace {
std::string lowerExtension(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}
} // namespace

bool hasAudioFileExtension(const std::string& path)
{
    const std::string ext = lowerExtension(path);
    const auto& known = audioFileExtensions();
    return std::find(known.begin(), known.end(), ext) != known.end();
}

std::string readerExtension(const std::string& path)
{
    const std::string ext = lowerExtension(path);
    if (ext == ".wave")
        return ".wav";
    if (ext == ".aifc")
        return ".aiff";
    if (ext == ".oga")
        return ".ogg";
    return ext;
}

AudioFileList expandAudioFiles(const std::vector<std::string>& arguments)
{
    AudioFileList list;
    for (const auto& arg : arguments)
    {
        std::error_code ec;
        if (!fs::is_directory(arg, ec))
        {
            list.files.push_back(arg);
            continue;
        }
        std::vector<std::string> found;
        for (fs::directory_iterator it(arg, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file(ec) && hasAudioFileExtension(it->path().string()))
                found.push_back(it->path().string());
        if (ec)
            list.errors.push_back(arg + ": cannot read folder (" + ec.message() + ")");
        else if (found.empty())
            list.errors.push_back(arg + ": no audio files (WAV, AIFF, FLAC, OGG, MP3) in this folder");
        std::sort(found.begin(), found.end());
        list.files.insert(list.files.end(), found.begin(), found.end());
    }
    return list;
}

} // namespace moodscope
