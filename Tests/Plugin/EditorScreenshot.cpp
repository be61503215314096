// SPDX-License-Identifier: GPL-3.0-or-later
// Screenshot hook: runs the real processor on a synthesized signal (an A-minor pad, then the
// pad with a 124 BPM drum loop), lets the real editor take in everything the engine
// publishes, and renders the editor to a PNG without a screen. --check verifies a PNG.
#include "DrumLoop.h"
#include "PluginEditor.h"
#include "PluginProcessor.h"
#include "Signals.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <thread>
#include <unordered_set>

using namespace moodscope;

namespace {
constexpr double kRate = 48000.0;
constexpr int kBlock = 512;

int fail(const juce::String& message)
{
    std::cerr << "editor screenshot: FAIL: " << message << std::endl;
    return 1;
}

// Left and right differ (a detuned copy on the right) so the stereo dimensions move.
test::StereoPair programme(double padSeconds, double drumSeconds)
{
    const double total = padSeconds + drumSeconds;
    auto padL = test::chord({ 57, 60, 64 }, 0.18, total, kRate);
    auto padR = test::chord({ 57, 60, 64, 69 }, 0.16, total, kRate);
    test::DrumLoopOptions d;
    d.bpm = 124.0;
    d.seconds = drumSeconds;
    d.sampleRate = kRate;
    d.gain = 0.55;
    const auto drums = test::drumLoop(d);
    const auto offset = static_cast<std::size_t>(padSeconds * kRate);
    for (std::size_t i = 0; i < drums.size() && offset + i < padL.size(); ++i)
    {
        padL[offset + i] += drums[i];
        padR[offset + i] += 0.9f * drums[i];
    }
    return { std::move(padL), std::move(padR) };
}

int render(const juce::File& out, double padSeconds, double drumSeconds, bool settingsView)
{
    MoodscopeProcessor processor;
    auto& apvts = processor.parameters();
    if (auto* p = apvts.getParameter(paramId::interval))
        p->setValueNotifyingHost(p->convertTo0to1(1.0f)); // more history points in a short run
    processor.setPlayConfigDetails(2, 2, kRate, kBlock);
    processor.prepareToPlay(kRate, kBlock);
    std::unique_ptr<MoodscopeEditor> editor(dynamic_cast<MoodscopeEditor*>(processor.createEditorIfNeeded()));
    if (editor == nullptr)
        return fail("no editor");
    editor->showSettings(settingsView);

    const auto signal = programme(padSeconds, drumSeconds);
    juce::AudioBuffer<float> block(2, kBlock);
    juce::MidiBuffer midi;
    const auto& engine = processor.engine();
    for (std::size_t pos = 0, n = 0; pos + kBlock <= signal.left.size(); pos += kBlock, ++n)
    {
        block.copyFrom(0, 0, signal.left.data() + pos, kBlock);
        block.copyFrom(1, 0, signal.right.data() + pos, kBlock);
        processor.processBlock(block, midi);
        // Faster than real time, but never faster than the analysis: nothing is dropped.
        while (processor.engine().pendingFrames() > processor.engine().ringCapacity() / 4)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (n % 24 == 0)
            editor->poll();
    }
    while (engine.pendingFrames() > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    for (int i = 0; i < 7; ++i) // the status line refreshes every sixth poll
        editor->poll();

    int validDims = 0, validMoods = 0;
    for (int d = 0; d < kNumDims; ++d)
        validDims += editor->fingerprintPanel().bar(static_cast<Dim>(d)).isValid() ? 1 : 0;
    for (int m = 0; m < kNumMoods; ++m)
        validMoods += editor->moodPanel().bar(static_cast<Mood>(m)).isValid() ? 1 : 0;
    std::cout << "editor screenshot: " << editor->fastFramesSeen() << " fast frames, " << editor->snapshotsSeen()
              << " snapshots, " << validDims << "/" << kNumDims << " dimensions and " << validMoods << "/" << kNumMoods
              << " mood metrics shown\n"
              << "  mood: " << editor->header().moodText() << " | state: " << editor->header().stateText()
              << " | key: " << editor->header().keyText() << " | tempo: " << editor->header().bpmText() << "\n"
              << "  LUFS M/S/I: " << editor->loudnessPanel().momentary().valueText() << " / "
              << editor->loudnessPanel().shortTerm().valueText() << " / "
              << editor->loudnessPanel().integrated().valueText() << "\n"
              << "  " << editor->statusBar().oscText() << "\n  " << editor->statusBar().engineText() << std::endl;
    if (editor->fastFramesSeen() == 0 || editor->snapshotsSeen() == 0)
        return fail("the editor received nothing from the engine");
    if (validDims < kNumDims - 2 || !editor->loudnessPanel().integrated().isValid())
        return fail("the fingerprint is not shown");

    const auto image = editor->createComponentSnapshot(editor->getLocalBounds(), true, 1.0f);
    out.deleteFile();
    out.getParentDirectory().createDirectory();
    juce::FileOutputStream stream(out);
    juce::PNGImageFormat png;
    if (!stream.openedOk() || !png.writeImageToStream(image, stream))
        return fail("cannot write " + out.getFullPathName());
    std::cout << "editor screenshot: wrote " << out.getFullPathName() << " (" << image.getWidth() << "x"
              << image.getHeight() << ")" << std::endl;
    editor.reset();
    processor.releaseResources();
    return 0;
}

int check(const juce::File& file, int width, int height)
{
    const auto image = juce::ImageFileFormat::loadFrom(file);
    if (!image.isValid())
        return fail("cannot read " + file.getFullPathName());
    if (image.getWidth() != width || image.getHeight() != height)
        return fail("size " + juce::String(image.getWidth()) + "x" + juce::String(image.getHeight()) + ", expected " +
                    juce::String(width) + "x" + juce::String(height));
    std::unordered_set<juce::uint32> colours;
    std::size_t background = 0;
    const auto bg = image.getPixelAt(0, 0).getARGB();
    for (int y = 0; y < image.getHeight(); ++y)
        for (int x = 0; x < image.getWidth(); ++x)
        {
            const auto c = image.getPixelAt(x, y).getARGB();
            colours.insert(c);
            background += c == bg ? 1 : 0;
        }
    const double bgShare = static_cast<double>(background) / (static_cast<double>(width) * height);
    std::cout << "editor screenshot: " << file.getFileName() << " " << width << "x" << height << ", " << colours.size()
              << " distinct colours, " << juce::roundToInt(bgShare * 100.0) << " % plain background" << std::endl;
    if (colours.size() < 500)
        return fail("too few colours: the editor did not draw its panels");
    if (bgShare > 0.5)
        return fail("mostly blank");
    return 0;
}
} // namespace

int main(int argc, char** argv)
{
    CLI::App app("Renders the Moodscope editor, fed by the engine on a synthesized pad and then drums, to a PNG; "
                 "or checks such a PNG");
    std::string screenshot, checked;
    double padSeconds = 20.0, drumSeconds = 40.0;
    bool settings = false;
    app.add_option("--screenshot", screenshot, "Write the editor to this PNG");
    app.add_option("--pad-seconds", padSeconds, "Seconds of pad before the drums")->capture_default_str();
    app.add_option("--drum-seconds", drumSeconds, "Seconds of pad and drums")->capture_default_str();
    app.add_flag("--settings", settings, "Open the settings panel first");
    app.add_option("--check", checked, "Check that this PNG shows a drawn editor");
    try
    {
        app.parse(argc, argv);
    }
    catch (const CLI::ParseError& e)
    {
        return app.exit(e) == 0 ? 0 : 2;
    }
    juce::ScopedJuceInitialiser_GUI juceInit;
    const auto here = juce::File::getCurrentWorkingDirectory();
    if (!screenshot.empty())
        return render(here.getChildFile(screenshot), padSeconds, drumSeconds, settings);
    if (!checked.empty())
        return check(here.getChildFile(checked), MoodscopeEditor::kDefaultWidth, MoodscopeEditor::kDefaultHeight);
    std::cerr << app.help();
    return 2;
}
