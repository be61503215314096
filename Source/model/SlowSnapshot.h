// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace moodscope {

// The 25 fingerprint dimensions, in the fixed Auralis order (SPEC §4).
enum class Dim : int
{
    SubBassPct,
    BassPct,
    LowMidPct,
    MidPct,
    UpperMidPct,
    PresencePct,
    AirPct,
    Lufs,
    CrestDb,
    BassMidRatio,
    TempoBpm,
    RhythmStability,
    TransientDensity,
    SilenceRatio,
    SpectralCentroid,
    SpectralRolloff,
    SpectralFlatness,
    HarmonicRatio,
    PitchStability,
    ChromaEnergy,
    DynamicRangeVariation,
    LoudnessVariationStd,
    PeakConsistency,
    StereoWidth,
    PhaseCorrelation,
    Count
};
constexpr int kNumDims = static_cast<int>(Dim::Count);
static_assert(kNumDims == 25);

std::string_view dimName(Dim d) noexcept;

// SPEC §5.2 mood metrics, each 0..1.
enum class Mood : int
{
    Energy,
    Valence,
    Arousal,
    Intensity,
    Brightness,
    BeatStrength,
    SpectralWarmth,
    RhythmRegularity,
    HarmonicRatio,
    Complexity,
    Danceability,
    Count
};
constexpr int kNumMoods = static_cast<int>(Mood::Count);

std::string_view moodName(Mood m) noexcept;

// SPEC §5.3 eight-state machine, from running z-scores of loudness and onset density.
enum class MoodState : std::uint8_t
{
    Silence,
    Ambient,
    Breakdown,
    Chill,
    Groove,
    Build,
    Peak,
    Intense,
    Count
};
std::string_view moodStateName(MoodState s) noexcept;

// SPEC §5.3 arousal × valence quadrant.
enum class Quadrant : std::uint8_t
{
    Calm,  // low arousal, high valence
    Happy, // high arousal, high valence
    Tense, // high arousal, low valence
    Sad,   // low arousal, low valence
    Count
};
std::string_view quadrantName(Quadrant q) noexcept;

// SPEC §5.3 section events; a set of them travels as a bit mask (bit i = event i).
enum class MoodEvent : int
{
    Drop,
    BuildStart,
    BreakdownStart,
    Climax,
    Silence,
    EnergyRise,
    EnergyFall,
    Count
};
constexpr int kNumMoodEvents = static_cast<int>(MoodEvent::Count);
std::string_view moodEventName(MoodEvent e) noexcept;
constexpr std::uint32_t eventBit(MoodEvent e) noexcept
{
    return 1u << static_cast<int>(e);
}

// SPEC §5.3 category: energy × brightness × intensity, each 0 (calm/dark/gentle),
// 1 (moderate/neutral/-), 2 (energetic/bright/intense).
struct MoodCategory
{
    std::uint8_t energy = 0, brightness = 1, intensity = 1;
};
// e.g. "energetic bright intense", "calm dark" (the neutral intensity adds no word)
std::string moodCategoryLabel(const MoodCategory& c);

// "C", "C#", ... "B"; key < 0 → "" (no tonal content)
std::string_view keyName(int key) noexcept;

// SPEC §5.1: the 13 feature categories of LedFx's librosa mood detector, over the window
// (or the whole file). Units are physical (Hz, per second) unless noted.
struct MoodFeatures
{
    std::array<float, 12> chroma {}; // mean L1-normalized chroma, C..B
    float chromaStd = 0.0f;          // std over the 12 mean chroma values
    int key = -1;                    // tonic pitch class 0..11 (C = 0); -1 = no tonal content
    bool minor = false;
    float keyStrength = 0.0f;          // Krumhansl–Kessler correlation of the best key, -1..1
    float tempoBpm = 0.0f;             // the fingerprint's tempo
    int beatCount = 0;                 // beats tracked in the window
    std::array<float, 7> contrast {};  // spectral contrast per octave band, dB
    float brightnessContrast = 0.0f;   // mean contrast of the upper bands minus the lower, dB
    float rolloffHz = 0.0f;            // 85 % rolloff, median
    float zeroCrossingRate = 0.0f;     // crossings per sample, mean over frames
    std::array<float, 13> mfccMean {}; // MFCC 0..12 (librosa-style dB-mel DCT-II ortho)
    std::array<float, 13> mfccStd {};
    float centroidHz = 0.0f;              // mean
    float bandwidthHz = 0.0f;             // mean 2nd-order spectral bandwidth
    float onsetRate = 0.0f;               // onsets per second
    float onsetStrength = 0.0f;           // mean onset envelope
    std::array<float, 6> tonnetz {};      // Harte et al. 2006 tonal centroid
    float harmonicPercussiveRatio = 0.0f; // E_h / (E_h + E_p), 0..1
    float rhythmRegularity = 0.0f;        // 1 / (1 + CV of inter-beat intervals)
    float tempoStability = 0.0f;          // 0..1, agreement of local tempo across the window
};

// Fast per-hop signals for lights (SPEC §6). Plain data: copied through lock-free queues.
struct FastFrame
{
    double time = 0.0;      // seconds of analyzed audio since prepare
    float rmsDb = -120.0f;  // dBFS, sine-referenced (a full-scale sine reads 0)
    float peakDb = -120.0f; // dBFS, max |L|,|R| over the hop
    float rms01 = 0.0f;     // (dB + 60) / 60, clipped
    float peak01 = 0.0f;
    // beat < 100 Hz, bass 100-250, mids 250-3000, high 3000-10000; 0..1 with attack/decay
    std::array<float, 4> bands {};
    float momentaryLufs = -70.0f; // BS.1770 over the last 400 ms (-70 floor)
    float shortTermLufs = -70.0f; // over the last 3 s
    bool onset = false;           // an onset was detected in this hop
    float onsetStrength = 0.0f;   // normalized onset envelope, 0..1
    // causal real-time beat tracker
    bool beat = false;           // a beat pulse is emitted in this hop
    std::uint32_t beatCount = 0; // beats since prepare
    float beatStrength = 0.0f;   // 0..1
    float beatPhase = 0.0f;      // 0..1 within the current beat
    float barPhase = 0.0f;       // 0..4 within the current 4/4 bar
    float bpm = 0.0f;            // 0 until locked
    float bpmConfidence = 0.0f;  // 0..1
    float beatLatency = 0.0f;    // seconds from the beat's onset to this hop's end (pulse hops)
    // host transport (AudioPlayHead), when the host provides it
    bool hostSynced = false;
    bool hostBeat = false;
    float hostBpm = 0.0f;
    float hostBeatPhase = 0.0f;
    float hostBarPhase = 0.0f;
    std::uint32_t events = 0;        // MoodEvent bits detected in this hop
    std::uint64_t droppedFrames = 0; // capture overruns so far
};

// Slow results, every interval over the rolling window. Only fields whose bit is set in
// the valid masks were computed; the others are 0 and must not be shown or sent.
struct SlowSnapshot
{
    double time = 0.0;          // end of the window, seconds since prepare
    double windowSeconds = 0.0; // configured window
    float windowFill = 0.0f;    // 0..1 of the window that holds audio
    bool warmingUp = true;      // window less than the warm-up fraction full
    std::array<float, kNumDims> fingerprint {};
    std::uint32_t fingerprintValid = 0; // bit i = Dim i computed
    std::array<float, kNumMoods> mood {};
    std::uint32_t moodValid = 0;
    MoodFeatures features {};
    bool featuresValid = false;
    bool tempoSkipped = false; // lazy tempo: tempo_bpm repeats the last value (or 0)
    MoodCategory category {};  // valid with moodValid
    Quadrant quadrant = Quadrant::Calm;
    MoodState state = MoodState::Silence;
    std::uint32_t events = 0; // MoodEvent bits that fired since the previous snapshot

    bool has(Mood m) const noexcept { return (moodValid >> static_cast<int>(m)) & 1u; }
    void set(Mood m, float v) noexcept
    {
        mood[static_cast<std::size_t>(m)] = v;
        moodValid |= 1u << static_cast<int>(m);
    }
    float get(Mood m) const noexcept { return mood[static_cast<std::size_t>(m)]; }

    bool has(Dim d) const noexcept { return (fingerprintValid >> static_cast<int>(d)) & 1u; }
    void set(Dim d, float v) noexcept
    {
        fingerprint[static_cast<std::size_t>(d)] = v;
        fingerprintValid |= 1u << static_cast<int>(d);
    }
    float get(Dim d) const noexcept { return fingerprint[static_cast<std::size_t>(d)]; }
};

static_assert(std::is_trivially_copyable_v<FastFrame>);
static_assert(std::is_trivially_copyable_v<SlowSnapshot>);

} // namespace moodscope
