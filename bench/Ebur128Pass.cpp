// SPDX-License-Identifier: GPL-3.0-or-later
// Reference for scripts/file_bench.sh: decode a file and run libebur128's integrated
// loudness over it, the job a loudness meter does on a file. Prints "<LUFS> <seconds>".
#include <ebur128.h>
#include <juce_audio_formats/juce_audio_formats.h>

#include <chrono>
#include <cstdio>
#include <memory>

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::fprintf(stderr, "usage: moodscope_ebur128_pass FILE\n");
        return 2;
    }
    const auto t0 = std::chrono::steady_clock::now();
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    std::unique_ptr<juce::AudioFormatReader> reader(
        formats.createReaderFor(juce::File::getCurrentWorkingDirectory().getChildFile(argv[1])));
    if (reader == nullptr)
    {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 1;
    }
    const unsigned channels = juce::jmin(2u, reader->numChannels);
    ebur128_state* st = ebur128_init(channels, static_cast<unsigned long>(reader->sampleRate), EBUR128_MODE_I);
    constexpr int kBlock = 8192;
    juce::AudioBuffer<float> buffer(static_cast<int>(channels), kBlock);
    std::vector<float> interleaved(static_cast<std::size_t>(kBlock) * channels);
    for (juce::int64 pos = 0; pos < reader->lengthInSamples; pos += kBlock)
    {
        const int n = static_cast<int>(juce::jmin<juce::int64>(kBlock, reader->lengthInSamples - pos));
        reader->read(&buffer, 0, n, pos, true, channels > 1);
        for (int i = 0; i < n; ++i)
            for (unsigned c = 0; c < channels; ++c)
                interleaved[static_cast<std::size_t>(i) * channels + c] = buffer.getSample(static_cast<int>(c), i);
        ebur128_add_frames_float(st, interleaved.data(), static_cast<std::size_t>(n));
    }
    double lufs = 0.0;
    ebur128_loudness_global(st, &lufs);
    ebur128_destroy(&st);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%.2f %.3f\n", lufs, seconds);
    return 0;
}
