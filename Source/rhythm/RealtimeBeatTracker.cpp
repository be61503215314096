// SPDX-License-Identifier: GPL-3.0-or-later
#include "rhythm/RealtimeBeatTracker.h"

#include "dsp/Onset.h"
#include "model/FastFrame.h"
#include "rhythm/OnsetCount.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
constexpr double kMinPeriod = 60.0 / TempoEstimator::kMaxBpm, kMaxPeriod = 60.0 / TempoEstimator::kMinBpm;
// the corrected period stays this close to the estimator's: the PLL trims, it does not re-estimate
constexpr double kPeriodSlack = 0.06;
constexpr float kHitCoeff = 0.2f;     // per beat, of the running hit rate and beat peak
constexpr float kAccentCoeff = 0.25f; // per bar position, of the low-band accents
constexpr float kHitFraction = 0.3f;  // of the running beat peak: a smaller peak is no hit

// A plain mean over the first values, then a running one with gain `coeff`: settles within a few
// values, then follows slowly. `count` is the values seen, capped.
void settleMean(float& mean, int& count, float value, float coeff) noexcept
{
    count = std::min(count + 1, 1000);
    mean += std::max(coeff, 1.0f / static_cast<float>(count)) * (value - mean);
}

double wrapToHalf(double x, double period) noexcept
{
    x = std::fmod(x, period);
    if (x > 0.5 * period)
        x -= period;
    else if (x <= -0.5 * period)
        x += period;
    return x;
}
} // namespace

void RealtimeBeatTracker::prepare(double hopSeconds)
{
    hop_ = hopSeconds > 0.0 && std::isfinite(hopSeconds) ? hopSeconds : 0.0116;
    delay_ = OnsetDetector::kPeakDelaySeconds;
    n_ = std::max<std::size_t>(8, static_cast<std::size_t>(std::lround(kHistorySeconds / hop_)));
    updateHops_ = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(kUpdateSeconds / hop_)));
    shortHistory_ = std::min(n_, static_cast<std::size_t>(std::ceil(kShortHistorySeconds / hop_)));
    lockHistory_ = std::min(n_, static_cast<std::size_t>(std::ceil(kLockHistorySeconds / hop_)));
    meanReach_ = onsetMeanReach(hop_);
    recentCoeff_ = static_cast<float>(1.0 - std::exp(-hop_ / kRecentSeconds));
    longCoeff_ = static_cast<float>(1.0 - std::exp(-hop_ / kLongSeconds));
    env_.assign(2 * n_, 0.0f);
    low_.assign(2 * n_, 0.0f);
    tempo_.prepare(n_, hop_);
    tempo_.rememberLevels(kUpdateSeconds);
    reset();
}

void RealtimeBeatTracker::reset() noexcept
{
    std::fill(env_.begin(), env_.end(), 0.0f);
    std::fill(low_.begin(), low_.end(), 0.0f);
    write_ = filled_ = sinceUpdate_ = 0;
    now_ = 0.0;
    lastLowDb_ = -120.0f;
    locked_ = audible_ = false;
    audibleSince_ = 0.0;
    silentSince_ = -1.0;
    stopping_ = false;
    recentOnset_ = longOnset_ = beatOnset_ = 0.0f;
    longPower_ = 0.0;
    heldLufs_ = LoudnessMeter::kFloorLufs;
    beatLufs_ = LoudnessMeter::kFloorLufs;
    period_ = estimatedPeriod_ = 0.5;
    nextBeat_ = 0.0;
    lastBeat_ = -1e9;
    candidate_ = 0.0;
    candidateCount_ = phaseMisses_ = 0;
    lastSupport_ = 0.0;
    lastLocked_ = -1e9;
    tempoFrom_ = phaseSince_ = tempoSince_ = 0.0;
    comb_ = hitRate_ = tightRate_ = beatPeak_ = strength_ = 0.0f;
    peakAccents_ = {};
    peakCount_ = {};
    slowPeak_ = 0.0f;
    slowCount_ = 0;
    count_ = 0;
    beatInBar_ = -1;
    checkSlot_ = 0;
    checkPending_ = checkOnGrid_ = false;
    fading_ = false;
    checkBeat_ = 0.0;
    ownBeats_ = 0;
    accents_ = {};
    accentCount_ = {};
    tempo_.forgetLevels();
}

double RealtimeBeatTracker::indexOf(double onsetTime) const noexcept
{
    // view index n_-1 is the hop ending now_, whose envelope peaks for onsets at now_ - delay_
    return static_cast<double>(n_ - 1) - (now_ - delay_ - onsetTime) / hop_;
}

double RealtimeBeatTracker::timeOf(double index) const noexcept
{
    return now_ - delay_ - (static_cast<double>(n_ - 1) - index) * hop_;
}

float RealtimeBeatTracker::envAt(double onsetTime) const noexcept
{
    const double x = indexOf(onsetTime);
    const double first = static_cast<double>(n_ - filled_);
    if (!(x >= first) || x > static_cast<double>(n_ - 1))
        return 0.0f;
    const auto i = static_cast<std::size_t>(x);
    const float frac = static_cast<float>(x - static_cast<double>(i));
    const float* v = view();
    return i + 1 < n_ ? v[i] + frac * (v[i + 1] - v[i]) : v[i];
}

void RealtimeBeatTracker::process(double hopEnd, float onset, float lowDb, float loudnessLufs, FastFrame& f) noexcept
{
    now_ = std::isfinite(hopEnd) ? hopEnd : now_ + hop_;
    const float loudness = std::isfinite(loudnessLufs) ? loudnessLufs : LoudnessMeter::kFloorLufs;
    const float lowNow = std::isfinite(lowDb) ? lowDb : lastLowDb_;
    const float rise = std::max(0.0f, lowNow - lastLowDb_);
    lastLowDb_ = lowNow;
    const float value = onsetOrZero(onset);
    env_[write_] = env_[write_ + n_] = value;
    low_[write_] = low_[write_ + n_] = rise;
    write_ = write_ + 1 == n_ ? 0 : write_ + 1;
    filled_ = std::min(filled_ + 1, n_);

    // twice as often before the first lock, which wants two agreeing estimates
    if (++sinceUpdate_ >= (locked_ ? updateHops_ : (updateHops_ + 1) / 2) &&
        static_cast<double>(filled_) * hop_ >= TempoEstimator::kMinSeconds)
    {
        sinceUpdate_ = 0;
        updateTempo();
    }
    if (checkPending_ && now_ - delay_ >= checkBeat_ + kCorrectFraction * period_ + 2.0 * hop_)
        checkBeat();
    // a grid whose beats keep missing their onsets is tracked on but not shown: a rubato line
    // or random hits can hold a lock for a while, a pulse keeps its hits. A grid taken while
    // locked carries the rates of the grid before it until its own beats have been checked.
    const bool established = audible_ && now_ - audibleSince_ >= kEstablishedBeats * period_;
    recentOnset_ += recentCoeff_ * (value - recentOnset_);
    longOnset_ += longCoeff_ * (value - longOnset_);
    longPower_ += static_cast<double>(longCoeff_) * (std::pow(10.0, 0.1 * loudness) - longPower_);
    // the momentary loudness of a sparse pulse dips between its beats: held over about a beat
    heldLufs_ = std::max(loudness, heldLufs_ - kFlywheelDropLu * static_cast<float>(hop_ / period_));
    const bool silent = hitRate_ < (established ? kSilentHitRate : kLostHitRate);
    // The flywheel's clock runs from the fall below kSilentHitRate until the beats land again or
    // the pulse goes dark: a stray hit in the stop lifts the rate for a beat or two and must not
    // wind it up anew.
    if (!established || hitRate_ >= kLostHitRate)
        silentSince_ = -1.0;
    else if (silent && silentSince_ < 0.0)
    {
        silentSince_ = now_;
        stopping_ = recentOnset_ < kFlywheelQuiet * beatOnset_;
    }
    // a grid taken or moved since the fall has not earned the flywheel (kOwnBeats, kTightRate)
    const bool flywheel = silentSince_ >= 0.0 && stopping_ && now_ - silentSince_ < kFlywheelSeconds &&
                          phaseSince_ < silentSince_ && heldLufs_ > kFlywheelFloorLufs &&
                          heldLufs_ >= beatLufs_ - kFlywheelDropLu;
    if (!locked_ || (silent && !flywheel))
    {
        audible_ = false;
        silentSince_ = -1.0;
    }
    else if (!audible_ && tightRate_ >= kTightRate && ownBeats_ >= kOwnBeats)
    {
        audible_ = true;
        audibleSince_ = now_;
    }
    if (locked_)
    {
        lastLocked_ = now_;
        emit(f, audible_);
    }

    f.beatCount = count_;
    if (!audible_)
        return;
    f.bpm = static_cast<float>(60.0 / period_);
    const float periodicity = std::clamp((comb_ - 0.1f) / 0.3f, 0.0f, 1.0f);
    f.bpmConfidence = std::clamp(periodicity * hitRate_, 0.0f, 1.0f);
    const double previous = std::max(lastBeat_, nextBeat_ - period_);
    f.beatPhase = std::clamp(static_cast<float>((now_ - previous) / (nextBeat_ - previous)), 0.0f, 0.999999f);
    f.barPhase = std::clamp(static_cast<float>(std::max(0, beatInBar_)) + f.beatPhase, 0.0f, 3.999999f);
    // The pulse is as sure as the tempo, or as its beats where they land within kTightSeconds of
    // their onsets: notes between the beats can bury the comb (the tempo's confidence) of a pulse
    // whose every beat still has its onset.
    const float pulseConfidence = std::clamp(std::max(periodicity, tightRate_) * hitRate_, 0.0f, 1.0f);
    f.beatStrength = f.beat ? strength_ * pulseConfidence : 0.0f;
}

void RealtimeBeatTracker::updateTempo() noexcept
{
    // Before a lock the window is kLockHistorySeconds: onsets of music that stopped must not
    // bring the lock back. Once the beats find their onsets the history back to the start of
    // the window that gave the held tempo sharpens the comb; older music (another tempo) stays
    // out. Once they stop finding onsets the tempo may have changed: the older part of the
    // history would hold the estimate at the old tempo, so only the recent part is used.
    std::size_t n = std::min(filled_, lockHistory_);
    if (locked_)
    {
        const auto valid = static_cast<std::size_t>(std::max(0.0, (now_ - tempoFrom_) / hop_));
        n = std::min(filled_, hitRate_ < kLostHitRate ? shortHistory_ : std::max(shortHistory_, valid));
    }
    // Octave evidence is pooled only while locked. Before a lock the estimates are independent
    // looks at the window: the first lock counts their agreement as evidence of a pulse, which
    // pooled evidence would fake. A locked tracker keeps it through a dip in its hit rate: a
    // break or a fill says nothing about the octave (forgetting it there cost pulse F and AMLt on
    // real songs), and in a pulse's first kOctaveHoldSeconds at its tempo a song that really moves
    // to its double or half tempo is followed once the pooled evidence turns, in about 20 s.
    if (!locked_)
        tempo_.forgetLevels();
    const TempoResult r = tempo_.estimate(view() + (n_ - n), n);
    comb_ = std::isfinite(r.confidence) ? r.confidence : 0.0f;
    if (!(r.bpm > 0.0f) || comb_ < kMinComb)
    {
        if (!locked_)
            candidateCount_ = 0;
        // A weak passage: too faint a comb for a tempo, but the held period still shows in it, or
        // the window's own best tempo is still the held one while the beats keep landing on their
        // onsets (notes off the grid can bury the comb of a pulse that goes on). Beats that merely
        // find onsets are not enough: against dense onsets at random times they are tight by
        // chance now and then, and a lock held on such passes pulses on long after the beat has
        // stopped. Beats that nearly all land within a few tens of ms of one are no chance: the
        // notes around them may bury the comb and the window's own tempo altogether.
        else if (hitRate_ >= kLostHitRate &&
                 (TempoHold::stillShows(tempo_, 60.0 / estimatedPeriod_) ||
                  (tempo_.hadClearOnsets() && tightRate_ >= kSureTightRate) ||
                  (tightRate_ >= kTightRate && r.bpm > 0.0f &&
                   std::abs(60.0 / static_cast<double>(r.bpm) / estimatedPeriod_ - 1.0) < kTempoAgree)))
            lastSupport_ = now_;
        else if (now_ - lastSupport_ > kCoastSeconds)
            locked_ = false;
        return;
    }
    lastSupport_ = now_;
    const double p = std::clamp(60.0 / static_cast<double>(r.bpm), kMinPeriod, kMaxPeriod);
    if (!locked_)
    {
        // the first lock wants a clear periodicity, the same tempo twice in a row: a short
        // window of noise or of a rubato line can show a comb peak, a pulse shows a strong one
        // at every update; a very clear comb locks at once, and a pulse lost a moment ago is
        // taken back at the plain threshold. The window must span kFirstLockPeriods of the
        // tempo: in the first seconds, two chance hits a slow period apart are a "clear" comb.
        const bool returning = now_ - lastLocked_ < kReturnSeconds;
        if (!returning && (comb_ < kFirstLockComb || static_cast<double>(n) * hop_ < kFirstLockPeriods * p))
        {
            candidateCount_ = 0;
            return;
        }
        const int needed = comb_ >= kClearComb ? 1 : 2;
        if (candidateCount_ == 0 || std::abs(p / candidate_ - 1.0) >= kTempoAgree)
        {
            candidate_ = p;
            candidateCount_ = 0;
        }
        if (++candidateCount_ < needed)
            return;
        period_ = estimatedPeriod_ = p;
        candidateCount_ = 0;
        locked_ = true;
        tempoSince_ = now_;
        tempoFrom_ = now_ - static_cast<double>(n) * hop_;
        rephase(true);
        return;
    }
    if (std::abs(p / estimatedPeriod_ - 1.0) < kTempoAgree)
    {
        estimatedPeriod_ = p;
        period_ += 0.5 * (p - period_);
        candidateCount_ = 0;
        rephase(false);
        return;
    }
    // a pulse shown at its tempo for kOctaveHoldSeconds whose beats land keeps its octave
    const double heldBpm = 60.0 / estimatedPeriod_, bpm = 60.0 / p;
    const bool octaveHeld = (TempoHold::octaveBelow(heldBpm, bpm) || TempoHold::octaveBelow(bpm, heldBpm)) &&
                            audible_ && now_ - std::max(audibleSince_, tempoSince_) >= kOctaveHoldSeconds &&
                            hitRate_ >= kLostHitRate && tightRate_ >= kTightRate;
    // On real mixes the window's strongest comb wanders to slower related tempi (3:2, 5:4) from
    // one update to the next; the tracker keeps its tempo while the envelope supports it nearly
    // as well as the estimate's choice. So does one whose beats have just missed their onsets:
    // its short window may hold little more than a fill, whose figure (a beat and a half, say)
    // is the strongest periodicity there. The octave below is the pooled octave evidence's
    // verdict (TempoHold::outweighs). A faster level is not held off by the comb: every slower
    // level of a pulse has a comb as strong as its own.
    if (octaveHeld || (p > estimatedPeriod_ && TempoHold::outweighs(tempo_, heldBpm, comb_, bpm)))
    {
        candidateCount_ = 0;
        rephase(false);
        return;
    }
    if (candidateCount_ > 0 && std::abs(p / candidate_ - 1.0) < kTempoAgree)
        ++candidateCount_;
    else
    {
        candidate_ = p;
        candidateCount_ = 1;
    }
    // a tracker that has lost its beats takes a new tempo at once; a locked one wants it twice
    if (candidateCount_ >= 2 || hitRate_ < kLostHitRate)
    {
        period_ = estimatedPeriod_ = p;
        candidateCount_ = 0;
        tempoSince_ = now_;
        tempoFrom_ = now_ - static_cast<double>(n) * hop_;
        rephase(true);
    }
    else
        rephase(false);
}

RealtimeBeatTracker::EnvelopePeak RealtimeBeatTracker::strongestIn(double lo, double hi) const noexcept
{
    const float* v = view();
    std::size_t at = static_cast<std::size_t>(std::ceil(lo));
    for (auto i = at; i <= static_cast<std::size_t>(std::floor(hi)); ++i)
        if (v[i] > v[at])
            at = i;
    const float value = v[at];
    return { at, value, at > 0 && at + 1 < n_ && v[at - 1] < value && v[at + 1] <= value };
}

bool RealtimeBeatTracker::isHit(const EnvelopePeak& p) const noexcept
{
    return p.isPeak && p.value > 0.02f && p.value > kHitFraction * beatPeak_;
}

float RealtimeBeatTracker::localMean(std::size_t at) const noexcept
{
    // 2 kOnsetMeanSeconds around the peak, moved back as far as the envelope after it is not in
    // yet (a beat is checked a few hops after its window): the same length wherever the peak lies
    const float* v = view();
    const std::size_t first = n_ - filled_;
    const std::size_t hi = std::min(n_ - 1, at + meanReach_);
    const std::size_t lo = hi >= first + 2 * meanReach_ ? hi - 2 * meanReach_ : first;
    double sum = 0.0;
    for (std::size_t i = lo; i <= hi; ++i)
        sum += static_cast<double>(v[i]);
    return static_cast<float>(sum / static_cast<double>(hi - lo + 1));
}

int RealtimeBeatTracker::seedHits(double anchor, int teeth) noexcept
{
    // the hit rate and beat peak the new grid would have had over the envelope it was fitted to
    const double first = static_cast<double>(n_ - filled_);
    const double w = kCorrectFraction * period_;
    EnvelopePeak peaks[kPhaseBeats] = {};
    int count = 0;
    double sum = 0.0;
    for (int k = 0; k < std::min(teeth, kPhaseBeats); ++k)
    {
        const double t = anchor - k * period_;
        const double lo = std::max(indexOf(t - w), first + 1.0),
                     hi = std::min(indexOf(t + w), static_cast<double>(n_) - 2.0);
        if (!(hi >= lo))
            break;
        peaks[count] = strongestIn(lo, hi);
        sum += peaks[count].value;
        ++count;
    }
    if (count < 2)
        return 0;
    beatPeak_ = static_cast<float>(sum / count);
    int hits = 0, tight = 0;
    for (int k = 0; k < count; ++k)
    {
        const bool hit = isHit(peaks[k]);
        hits += hit ? 1 : 0;
        tight +=
            hit && std::abs(timeOf(static_cast<double>(peaks[k].at)) - (anchor - k * period_)) <= kTightSeconds ? 1 : 0;
    }
    hitRate_ = static_cast<float>(hits) / static_cast<float>(count);
    tightRate_ = static_cast<float>(tight) / static_cast<float>(count);
    return count;
}

void RealtimeBeatTracker::newGrid() noexcept
{
    phaseSince_ = now_;
    peakCount_ = {};      // the bar positions' peaks were the old grid's
    checkOnGrid_ = false; // ... and so is a beat emitted before now and checked after
}

void RealtimeBeatTracker::rephase(bool force) noexcept
{
    const double span = static_cast<double>(filled_) * hop_;
    const int teeth = std::clamp(static_cast<int>(span / period_), 1, kPhaseBeats);
    const double latest = now_ - delay_;
    const double step = 0.5 * hop_;
    const int candidates = std::max(1, static_cast<int>(period_ / step));
    auto score = [&](double anchor) {
        double s = 0.0, w = 1.0;
        for (int k = 0; k < teeth; ++k, w *= kPhaseDecay)
            s += w * envAt(anchor - k * period_);
        return s;
    };
    int best = 0;
    double bestScore = -1.0, left = 0.0, right = 0.0;
    double previousScore = score(latest + step); // beyond the newest envelope: the k >= 1 teeth still count
    for (int c = 0; c < candidates; ++c)
    {
        const double s = score(latest - c * step);
        if (s > bestScore)
        {
            bestScore = s;
            best = c;
            left = previousScore;
            right = score(latest - (c + 1) * step);
        }
        previousScore = s;
    }
    if (!(bestScore > 0.0))
        return;
    // parabolic vertex through the neighbours (left is the later anchor)
    double offset = 0.0;
    const double denom = left - 2.0 * bestScore + right;
    if (denom < 0.0)
        offset = std::clamp(0.5 * (left - right) / denom, -0.5, 0.5);
    double anchor = latest - (best - offset) * step;
    // The envelope cannot tell beats from off-beats when eighths are played evenly (a hi-hat,
    // a double kick, chugging guitars); the bass drum can: it lands on the beat. Where a grid is
    // chosen (a lock, a new tempo) the one half a period away takes over when it holds clearly
    // more low-band rises. A running grid is not moved by them: a bass line on every off-beat
    // (dance music, reggae) rises in the low band more than the kick it follows, and following
    // it would put the pulses of such songs on the off-beat.
    if (force)
    {
        const double onLow = lowScore(anchor, teeth), offLow = lowScore(anchor - 0.5 * period_, teeth);
        if (offLow > kOffBeatLowRatio * onLow && offLow > 0.0)
            anchor -= 0.5 * period_;
    }

    // the first beat of the anchor's grid from the start of this hop on
    const double hopStart = now_ - hop_;
    double candidate = anchor + std::ceil((hopStart - anchor) / period_) * period_;
    if (candidate <= hopStart)
        candidate += period_;

    if (force)
    {
        // a first lock (or one after a loss) has no hit rate yet: the history it locked on gives it
        if (now_ - lastLocked_ > 1.5 * hop_)
        {
            // the beats' usual peak is this music's (the history the lock was fitted to), not what
            // played before
            slowCount_ = seedHits(anchor, teeth);
            slowPeak_ = beatPeak_;
            ownBeats_ = kOwnBeats;
        }
        else
            ownBeats_ = 0;
        newGrid();
        fading_ = false;
        nextBeat_ = candidate;
        phaseMisses_ = 0;
    }
    else
    {
        const double diff = wrapToHalf(candidate - nextBeat_, period_);
        // A grid that has settled keeps its phase while its own comb (at its best offset within
        // a few hops) holds kPhaseKeep of the new one's: where on- and off-beat carry nearly the
        // same onsets, the best offset swaps between them section by section, and every swap
        // breaks the pulse a light show follows.
        double held = 0.0;
        if (now_ - phaseSince_ >= kPhaseSettleSeconds)
        {
            const double heldAnchor = nextBeat_ - std::ceil((nextBeat_ - latest) / period_) * period_;
            for (int d = -4; d <= 4; ++d)
                held = std::max(held, score(heldAnchor + d * step));
        }
        if (std::abs(diff) < kPhaseAgree * period_)
        {
            nextBeat_ += kRephaseGain * diff;
            phaseMisses_ = 0;
        }
        else if (held >= kPhaseKeep * score(anchor))
            phaseMisses_ = 0;
        else if (++phaseMisses_ >= kPhaseMisses)
        {
            newGrid();
            nextBeat_ += diff;
            phaseMisses_ = 0;
        }
    }
    // never two pulses within half a period
    while (nextBeat_ - lastBeat_ < 0.5 * period_)
        nextBeat_ += period_;
}

double RealtimeBeatTracker::lowScore(double anchor, int teeth) const noexcept
{
    // the strongest < 100 Hz rise within a few hops of each grid point
    const float* lowRise = lowView();
    const double first = static_cast<double>(n_ - filled_);
    double sum = 0.0;
    for (int k = 0; k < teeth; ++k)
    {
        const double x = indexOf(anchor - k * period_);
        float best = 0.0f;
        for (int d = -2; d <= 2; ++d)
        {
            const double at = std::round(x) + d;
            if (at >= first && at <= static_cast<double>(n_ - 1))
                best = std::max(best, lowRise[static_cast<std::size_t>(at)]);
        }
        sum += best;
    }
    return sum;
}

void RealtimeBeatTracker::checkBeat() noexcept
{
    checkPending_ = false;
    const double w = kCorrectFraction * period_;
    const double lo = std::max(indexOf(checkBeat_ - w), static_cast<double>(n_ - filled_));
    const double hi = std::min(indexOf(checkBeat_ + w), static_cast<double>(n_ - 1));
    if (!(hi >= lo))
        return;
    // a beat emitted before the grid last jumped (the old grid's last one) is not its own
    if (checkBeat_ > phaseSince_ - hop_)
        ownBeats_ = std::min(ownBeats_ + 1, kOwnBeats);
    const float* v = view();
    const float* lowRise = lowView();
    const EnvelopePeak nearest = strongestIn(lo, hi);
    float accent = 0.0f;
    for (auto i = static_cast<std::size_t>(std::ceil(lo)); i <= static_cast<std::size_t>(std::floor(hi)); ++i)
        accent = std::max(accent, lowRise[i]);
    const std::size_t at = nearest.at;
    const float peak = nearest.value;
    const bool hit = isHit(nearest) && (!fading_ || peak >= kRegainContrast * localMean(at));
    const bool tight = hit && std::abs(timeOf(static_cast<double>(at)) - checkBeat_) <= kTightSeconds;
    if (hit && !fading_)
    {
        beatOnset_ = longOnset_;
        beatLufs_ = longPower_ > 0.0 ? static_cast<float>(10.0 * std::log10(longPower_)) : LoudnessMeter::kFloorLufs;
    }
    beatPeak_ += kHitCoeff * (peak - beatPeak_);
    hitRate_ += kHitCoeff * ((hit ? 1.0f : 0.0f) - hitRate_);
    tightRate_ += kHitCoeff * ((tight ? 1.0f : 0.0f) - tightRate_);
    // a shown pulse whose beats have lost their onsets takes them back on clear peaks only
    if (hitRate_ >= kLostHitRate)
        fading_ = false;
    else if (audible_)
        fading_ = true;

    // a plain mean over the first bars, then a running one: the downbeat settles within two bars
    const auto slot = static_cast<std::size_t>(checkSlot_);
    settleMean(accents_[slot], accentCount_[slot], accent, kAccentCoeff);
    if (checkOnGrid_)
    {
        settleMean(peakAccents_[slot], peakCount_[slot], peak, kAccentCoeff);
        settleMean(slowPeak_, slowCount_, peak, kSlowPeakCoeff);
    }
    const auto strongest = static_cast<int>(std::max_element(accents_.begin(), accents_.end()) - accents_.begin());
    if (strongest != 0 && accents_[static_cast<std::size_t>(strongest)] > kDownbeatMargin * accents_[0] &&
        accents_[static_cast<std::size_t>(strongest)] > 1.0f)
    {
        std::rotate(accents_.begin(), accents_.begin() + strongest, accents_.end());
        std::rotate(accentCount_.begin(), accentCount_.begin() + strongest, accentCount_.end());
        std::rotate(peakAccents_.begin(), peakAccents_.begin() + strongest, peakAccents_.end());
        std::rotate(peakCount_.begin(), peakCount_.begin() + strongest, peakCount_.end());
        beatInBar_ = (beatInBar_ - strongest + 4) & 3;
    }

    if (!hit || !locked_)
        return;
    const double a = static_cast<double>(at);
    const double denom = static_cast<double>(v[at - 1]) - 2.0 * peak + static_cast<double>(v[at + 1]);
    const double vertex = denom < 0.0 ? std::clamp(0.5 * (v[at - 1] - v[at + 1]) / denom, -0.5, 0.5) : 0.0;
    const double peakTime = timeOf(a + vertex);
    const double error = peakTime - checkBeat_;
    if (std::abs(error) > w)
        return;
    nextBeat_ += kPhaseGain * error;
    period_ = std::clamp(period_ + kPeriodGain * error, estimatedPeriod_ * (1.0 - kPeriodSlack),
                         estimatedPeriod_ * (1.0 + kPeriodSlack));
    while (nextBeat_ - lastBeat_ < 0.5 * period_)
        nextBeat_ += period_;
}

void RealtimeBeatTracker::emit(FastFrame& f, bool audible) noexcept
{
    bool emitted = false;
    while (nextBeat_ <= now_)
    {
        if (!emitted && nextBeat_ - lastBeat_ >= 0.5 * period_)
        {
            emitted = true;
            if (audible)
            {
                f.beat = true;
                f.beatLatency = static_cast<float>(now_ - nextBeat_);
                ++count_;
            }
            beatInBar_ = (beatInBar_ + 1) & 3;
            const auto slot = static_cast<std::size_t>(beatInBar_);
            const float expected = peakCount_[slot] > 0 ? peakAccents_[slot] : beatPeak_;
            const float usual = slowCount_ > 0 ? slowPeak_ : expected;
            strength_ = usual > 0.0f ? std::clamp(0.5f * expected / usual, 0.0f, 1.0f) : 0.0f;
            // a pending check of the previous beat is superseded: its window has passed
            checkPending_ = true;
            checkOnGrid_ = true;
            checkBeat_ = nextBeat_;
            checkSlot_ = beatInBar_;
        }
        lastBeat_ = nextBeat_;
        nextBeat_ += period_;
    }
}

} // namespace moodscope
