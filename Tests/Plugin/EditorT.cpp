// SPDX-License-Identifier: GPL-3.0-or-later
// The editor shows exactly what the engine publishes: valid values with their units, a dash
// for what was not computed, and settings entered through it land in the saved state.
#include "PluginEditor.h"
#include "PluginProcessor.h"

#include <catch2/catch.hpp>

using namespace moodscope;

namespace {
struct EditorFixture
{
    juce::ScopedJuceInitialiser_GUI juce;
    MoodscopeProcessor processor;
    std::unique_ptr<MoodscopeEditor> editor { dynamic_cast<MoodscopeEditor*>(processor.createEditorIfNeeded()) };

    // The engine is not prepared: the test thread is the fan-outs' only producer.
    void publish(const SlowSnapshot& s)
    {
        processor.engine().slowOutput().publish(s);
        editor->poll();
    }
    void publish(const FastFrame& f)
    {
        processor.engine().fastOutput().publish(f);
        editor->poll();
    }
};

SlowSnapshot readySnapshot(double time)
{
    SlowSnapshot s;
    s.time = time;
    s.warmingUp = false;
    s.windowFill = 1.0f;
    return s;
}

const juce::String dash = juce::String(juce::CharPointer_UTF8("\xe2\x80\x94"));
} // namespace

TEST_CASE("editor: mood metrics show only when the snapshot carries them", "[plugin][editor]")
{
    EditorFixture f;
    REQUIRE(f.editor != nullptr);
    CHECK_FALSE(f.editor->moodPanel().bar(Mood::Energy).isValid());
    CHECK(f.editor->header().moodText() == dash);

    auto s = readySnapshot(2.0);
    s.set(Mood::Energy, 0.8f);
    s.set(Mood::Valence, 0.25f);
    s.state = MoodState::Groove;
    s.quadrant = Quadrant::Tense;
    s.category = MoodCategory { 2, 2, 2 };
    f.publish(s);
    CHECK(f.editor->moodPanel().bar(Mood::Energy).isValid());
    CHECK(f.editor->moodPanel().bar(Mood::Energy).fraction() == Approx(0.8f));
    CHECK(f.editor->moodPanel().bar(Mood::Energy).valueText() == "0.80");
    CHECK(f.editor->moodPanel().bar(Mood::Valence).valueText() == "0.25");
    CHECK_FALSE(f.editor->moodPanel().bar(Mood::Danceability).isValid());
    CHECK(f.editor->moodPanel().bar(Mood::Danceability).valueText() == dash);
    CHECK(f.editor->header().stateText() == "groove");
    CHECK(f.editor->header().moodText().contains("tense"));
    CHECK(f.editor->header().moodText().contains("energetic"));

    // Warming up: nothing is shown even if values were set.
    auto w = s;
    w.warmingUp = true;
    f.publish(w);
    CHECK_FALSE(f.editor->moodPanel().bar(Mood::Energy).isValid());
    CHECK(f.editor->header().stateText() == dash);
}

TEST_CASE("editor: fingerprint bars in their units, dash for dims not computed", "[plugin][editor]")
{
    EditorFixture f;
    auto s = readySnapshot(4.0);
    s.set(Dim::Lufs, -14.0f);
    s.set(Dim::TempoBpm, 120.0f);
    s.set(Dim::BassPct, 0.25f);
    s.set(Dim::PhaseCorrelation, -1.0f);
    s.features.key = 9;
    s.features.minor = true;
    s.features.keyStrength = 0.7f;
    s.featuresValid = true;
    f.publish(s);
    const auto& fp = f.editor->fingerprintPanel();
    CHECK(fp.bar(Dim::Lufs).valueText() == "-14.0 LUFS");
    CHECK(fp.bar(Dim::Lufs).fraction() == Approx(46.0f / 60.0f));
    CHECK(fp.bar(Dim::TempoBpm).valueText() == "120.0 BPM");
    CHECK(fp.bar(Dim::BassPct).valueText() == "25.0 %");
    CHECK(fp.bar(Dim::PhaseCorrelation).fraction() == Approx(0.0f));
    CHECK_FALSE(fp.bar(Dim::AirPct).isValid());
    CHECK(f.editor->loudnessPanel().integrated().valueText() == "-14.0");
    CHECK(f.editor->header().keyText().startsWith("A minor"));
    CHECK(f.editor->header().bpmText().contains("120.0"));

    // the panel's groups are SPEC §4's: frequency 7, dynamics 3, temporal 4, spectral 3,
    // harmonic 3, variation 3, stereo 2
    const int specSizes[FingerprintPanel::kNumGroups] { 7, 3, 4, 3, 3, 3, 2 };
    int groups[FingerprintPanel::kNumGroups] {};
    for (int d = 0; d < kNumDims; ++d)
        ++groups[groupOf(static_cast<Dim>(d))];
    for (int g = 0; g < FingerprintPanel::kNumGroups; ++g)
        CHECK(groups[g] == specSizes[g]);
    CHECK(groupOf(Dim::AirPct) == 0);
    CHECK(groupOf(Dim::Lufs) == 1);
    CHECK(groupOf(Dim::SilenceRatio) == 2);
    CHECK(groupOf(Dim::PhaseCorrelation) == 6);
}

TEST_CASE("editor: fast frames drive loudness, tempo and the beat light", "[plugin][editor]")
{
    EditorFixture f;
    FastFrame fr;
    fr.momentaryLufs = -20.0f;
    fr.shortTermLufs = -70.0f;
    fr.bpm = 128.0f;
    fr.beat = true;
    f.publish(fr);
    CHECK(f.editor->loudnessPanel().momentary().valueText() == "-20.0");
    CHECK(f.editor->loudnessPanel().shortTerm().valueText() == "-inf");
    CHECK(f.editor->header().bpmText() == "128.0 BPM");
    CHECK(f.editor->header().flash() > 0.5f);
    fr.beat = false;
    for (int i = 0; i < 40; ++i)
        f.publish(fr);
    CHECK(f.editor->header().flash() == 0.0f);

    // A beat in a frame that is not the newest one still flashes.
    fr.beat = true;
    f.processor.engine().fastOutput().publish(fr);
    fr.beat = false;
    f.publish(fr);
    CHECK(f.editor->header().flash() > 0.5f);
}

TEST_CASE("editor: history keeps a bounded ring and restarts with the engine clock", "[plugin][editor]")
{
    EditorFixture f;
    for (int i = 0; i < 1500; ++i)
    {
        auto s = readySnapshot(0.5 * i);
        s.set(Mood::Energy, 0.5f);
        f.processor.engine().slowOutput().publish(s);
        if (i % 32 == 0)
            f.editor->poll();
    }
    f.editor->poll();
    CHECK(f.editor->historyPlot().size() == HistoryPlot::kCapacity);
    f.publish(readySnapshot(1.0)); // re-prepared engine: time starts over
    CHECK(f.editor->historyPlot().size() == 1);
}

TEST_CASE("editor: status line shows OSC targets and overruns", "[plugin][editor]")
{
    EditorFixture f;
    f.processor.applySettings(true);
    for (int i = 0; i < 6; ++i)
        f.editor->poll();
    CHECK(f.editor->statusBar().oscText().contains("127.0.0.1:9000"));
    CHECK(f.editor->statusBar().engineText().contains("overruns 0"));
    f.processor.parameters().getParameter(paramId::oscEnabled)->setValueNotifyingHost(0.0f);
    for (int i = 0; i < 6; ++i)
        f.editor->poll();
    CHECK(f.editor->statusBar().oscText() == "OSC off");
}

TEST_CASE("editor: settings entered in the panel are validated and saved", "[plugin][editor]")
{
    EditorFixture f;
    auto& panel = f.editor->settingsPanel();
    panel.enterTargets("192.168.0.10:7000, not-a-target, [::1]:9000");
    CHECK(panel.errorText().contains("not-a-target"));
    auto s = f.processor.settings();
    REQUIRE(s.osc.targets.size() == 2);
    CHECK(s.osc.targets[0].host == "192.168.0.10");

    panel.enterTargets("garbage");
    CHECK(f.processor.settings().osc.targets.size() == 2); // a list with nothing valid is refused

    panel.enterPrefix("bad prefix");
    CHECK(f.processor.settings().osc.prefix == "/moodscope");
    panel.enterPrefix("/club");
    CHECK(f.processor.settings().osc.prefix == "/club");
    CHECK(panel.errorText().isEmpty());

    juce::MemoryBlock state;
    f.processor.getStateInformation(state);
    MoodscopeProcessor other;
    other.setStateInformation(state.getData(), static_cast<int>(state.getSize()));
    CHECK(other.settings().osc.prefix == "/club");
    CHECK(other.settings().osc.targets.size() == 2);
}
