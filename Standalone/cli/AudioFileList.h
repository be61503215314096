// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace moodscope {

// The command line's FILE arguments made into the list of files to analyze: a folder
// stands for the audio files directly inside it (by extension, sorted by name); anything
// else is kept as given, so a missing file still gets its own error later.
struct AudioFileList
{
    std::vector<std::string> files;
    std::vector<std::string> errors; // "FOLDER: no audio files" and the like
};

AudioFileList expandAudioFiles(const std::vector<std::string>& arguments);

// The extensions every command reads (lower case, with the dot): .wav .wave .aif .aiff .aifc
// .flac .ogg .oga .mp3
const std::vector<std::string>& audioFileExtensions();
// "wav, wave, aif, ..." for help texts
std::string audioFileExtensionList();
bool hasAudioFileExtension(const std::string& path);
// The extension JUCE knows the file's format by: JUCE picks a reader by extension alone and
// knows .wav .aif .aiff .flac .ogg .mp3, so .wave, .aifc and .oga read as .wav, .aiff and .ogg.
std::string readerExtension(const std::string& path);

} // namespace moodscope
