// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzeCommand.h"

#include "CliCommand.h"

#include "AudioFileList.h"
#include "FileAnalysis.h"
#include "LinkOutput.h"
#include "OscOutput.h"
#include "OutputLines.h"
#include "ProgressBar.h"
#include "WledOutput.h"
#include "util/Utf8Text.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace moodscope {

namespace {
constexpr int kFileBlock = 8192;    // as fast as the disk allows
constexpr int kRealtimeBlock = 512; // ~11 ms at 44.1 kHz: fast OSC frames leave smoothly

struct AnalyzeOptions
{
    std::vector<std::string> inputs;
    EngineConfig config;
    std::string format = "jsonl";
    bool summaryOnly = false;
    bool realtime = false;
    bool beats = false;
    OscCliOptions osc;
    WledCliOptions wled;
    bool link = false;
    int jobs = 0; // 0 = one per core
};

using LineOut = std::function<void(const std::string&)>;

// Turns every slow snapshot into a frame line, and every beat pulse into a beat line, as
// the Analyzer publishes them.
class LineSink final : public AnalysisSink // the thread that analyzes the file
{
  public:
    LineSink(const OutputLines& lines, bool frames, LineOut out) : lines_(lines), frames_(frames), out_(std::move(out))
    {}
    void begin(const std::string& file) { file_ = file; }
    void onFast(const FastFrame& f) noexcept override
    {
        if (lines_.beats && f.beat)
            out_(lines_.beat(f, file_));
    }
    void onSlow(const SlowSnapshot& s) noexcept override
    {
        if (frames_)
            out_(lines_.frame(s, file_));
    }

  private:
    const OutputLines& lines_;
    const bool frames_;
    LineOut out_;
    std::string file_;
};

std::string failureLine(const std::string& file, const std::string& error)
{
    return "moodscope analyze: " + printable(file) + ": " + printable(error) + " (skipped)";
}

// Seconds of audio to expect in all: files not opened yet count as the average of the
// opened ones, so the bar and its ETA are honest from the first file on.
double estimatedTotal(double knownSeconds, int filesOpened, int totalFiles)
{
    if (filesOpened == 0)
        return -1.0;
    return knownSeconds + knownSeconds / filesOpened * (totalFiles - filesOpened);
}

// One file after the other on this thread: needed for --realtime (playback order) and for
// OSC (one producer per fan-out); stdout gets each line as soon as it exists.
int runSequential(const AnalyzeOptions& o, const std::vector<std::string>& files, const OutputLines& lines,
                  ProgressBar& bar, const std::optional<OscSettings>& oscSettings,
                  const std::optional<WledSettings>& wledSettings)
{
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    LineSink printer(lines, !o.summaryOnly, [&](const std::string& line) {
        bar.clear();
        std::cout << line << '\n';
        if (o.realtime)
            std::cout.flush(); // a bridge reading the pipe sees each update when it happens
    });
    std::optional<OscPublishingSink> osc;
    if (oscSettings)
        osc.emplace(printer, *oscSettings);
    AnalysisSink& beforeWled = osc ? static_cast<AnalysisSink&>(*osc) : printer;
    std::optional<WledPublishingSink> wled;
    if (wledSettings)
        wled.emplace(beforeWled, *wledSettings);
    AnalysisSink& beforeLink = wled ? static_cast<AnalysisSink&>(*wled) : beforeWled;
    std::optional<LinkPublishingSink> link;
    if (o.link)
        link.emplace(beforeLink);
    AnalysisSink& sink = link ? static_cast<AnalysisSink&>(*link) : beforeLink;

    int failed = 0, opened = 0;
    double secondsBefore = 0.0, knownTotal = 0.0;
    for (std::size_t i = 0; i < files.size(); ++i)
    {
        const auto& path = files[i];
        printer.begin(path);
        auto start = std::chrono::steady_clock::now();
        FileAnalysisOptions options;
        options.blockSize = o.realtime ? kRealtimeBlock : kFileBlock;
        options.fastSignals = osc.has_value() || wled.has_value() || link.has_value() || o.beats;
        options.onStart = [&](double duration) {
            start = std::chrono::steady_clock::now();
            knownTotal += duration;
            ++opened;
        };
        options.onBlock = [&](double done) {
            if (o.realtime)
                std::this_thread::sleep_until(start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                          std::chrono::duration<double>(done)));
            bar.update(static_cast<int>(i), secondsBefore + done,
                       estimatedTotal(knownTotal, opened, static_cast<int>(files.size())));
        };
        const auto result = analyzeFile(formats, path, o.config, sink, options);
        if (osc)
            osc->flush();
        bar.clear();
        if (!result.ok)
        {
            ++failed;
            std::cerr << failureLine(path, result.error) << std::endl;
            continue;
        }
        secondsBefore += result.durationSeconds;
        std::cout << lines.summary(result.summary, path, result.durationSeconds, result.sampleRate) << '\n';
        if (o.realtime)
            std::cout.flush();
    }
    if (osc)
    {
        const auto stats = osc->stats();
        std::cerr << "moodscope: OSC: " << stats.messagesSent << " messages sent, " << stats.errors << " errors\n";
    }
    if (wled)
    {
        wled->stop();
        const auto stats = wled->stats();
        std::cerr << "moodscope: WLED: " << stats.packetsSent << " packets sent, " << stats.errors << " errors\n";
    }
    if (link)
        std::cerr << "moodscope: " << describeLinkStatus(link->status()) << "\n";
    return failed;
}

// Several files at once, one Analyzer per worker; each file's lines are kept until it is
// done and printed in the order the files were given, so the output does not depend on
// which worker finished first.
int runParallel(const AnalyzeOptions& o, const std::vector<std::string>& files, const OutputLines& lines,
                ProgressBar& bar, int jobs)
{
    struct Slot // its worker writes, the main thread reads: progress atomics, the rest under mutex
    {
        std::atomic<double> done { 0.0 }, duration { -1.0 };
        bool finished = false; // under mutex
        std::string output, error;
    };
    std::vector<Slot> slots(files.size());
    std::mutex mutex;
    std::condition_variable finishedOne;
    std::atomic<std::size_t> next { 0 };

    auto work = [&] {
        juce::AudioFormatManager formats;
        formats.registerBasicFormats();
        for (std::size_t i = next++; i < files.size(); i = next++)
        {
            Slot& slot = slots[i];
            std::string output;
            LineSink sink(lines, !o.summaryOnly, [&](const std::string& line) { output += line + '\n'; });
            sink.begin(files[i]);
            FileAnalysisOptions options;
            options.blockSize = kFileBlock;
            options.fastSignals = o.beats;
            options.onStart = [&](double duration) { slot.duration = duration; };
            options.onBlock = [&](double done) { slot.done = done; };
            const auto result = analyzeFile(formats, files[i], o.config, sink, options);
            if (result.ok)
                output += lines.summary(result.summary, files[i], result.durationSeconds, result.sampleRate) + '\n';
            std::lock_guard<std::mutex> lock(mutex);
            slot.output = result.ok ? std::move(output) : std::string();
            slot.error = result.ok ? std::string() : result.error;
            slot.finished = true;
            finishedOne.notify_one();
        }
    };
    std::vector<std::thread> workers;
    for (int w = 0; w < jobs; ++w)
        workers.emplace_back(work);

    int failed = 0;
    for (std::size_t printed = 0; printed < files.size();)
    {
        std::unique_lock<std::mutex> lock(mutex);
        finishedOne.wait_for(lock, std::chrono::milliseconds(100), [&] { return slots[printed].finished; });
        while (printed < files.size() && slots[printed].finished)
        {
            bar.clear();
            Slot& slot = slots[printed];
            if (slot.error.empty())
                std::cout << slot.output << std::flush;
            else
            {
                ++failed;
                std::cerr << failureLine(files[printed], slot.error) << std::endl;
            }
            slot.output.clear();
            ++printed;
        }
        lock.unlock();
        double done = 0.0, known = 0.0;
        int opened = 0;
        for (const auto& slot : slots)
            if (const double d = slot.duration; d >= 0.0)
            {
                known += d;
                done += slot.done;
                ++opened;
            }
        bar.update(static_cast<int>(printed), done, estimatedTotal(known, opened, static_cast<int>(files.size())));
    }
    for (auto& w : workers)
        w.join();
    return failed;
}

int runAnalyze(AnalyzeOptions o, bool oscGiven)
{
    if (const auto problem = oscUsageProblem(o.osc, oscGiven || o.realtime, "--osc (or --realtime)"); !problem.empty())
    {
        std::cerr << "moodscope analyze: " << problem << "\nRun with --help for more information.\n";
        return kExitUsage;
    }
    if (const auto problem =
            wledUsageProblem(o.wled, o.realtime, "needs --realtime (WLED shows the music while it plays)");
        !problem.empty())
    {
        std::cerr << "moodscope analyze: " << problem << "\nRun with --help for more information.\n";
        return kExitUsage;
    }
    if (o.link && !o.realtime)
    {
        std::cerr << "moodscope analyze: --link needs --realtime (a Link session follows the music while it plays)"
                     "\nRun with --help for more information.\n";
        return kExitUsage;
    }
    OutputLines lines;
    lines.format = o.format == "csv" ? OutputFormat::Csv : OutputFormat::JsonLines;
    lines.beats = o.beats;

    std::optional<OscSettings> osc;
    if (oscGiven)
        osc = oscSettings(o.osc, oscTargets(o.osc.targets));
    else if (o.realtime)
        osc = oscSettings(o.osc, { OscTarget {} }); // SPEC §7 default target: --realtime is for streaming
    if (osc)
        std::cerr << "moodscope: sending OSC to " << describeSettings(*osc)
                  << (o.realtime ? " at playback speed\n" : " as fast as the analysis runs\n");
    std::optional<WledSettings> wled;
    if (o.wled.on())
    {
        wled = wledSettings(o.wled);
        std::cerr << "moodscope: sending WLED Audio Sync to " << describeWledSettings(*wled) << "\n";
    }

    const auto list = expandAudioFiles(o.inputs);
    for (const auto& error : list.errors)
        std::cerr << "moodscope: " << printable(error) << "\n";

    if (lines.hasHeader())
        std::cout << lines.header() << '\n';

    const auto cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int jobs = std::min(o.jobs > 0 ? o.jobs : cores, static_cast<int>(list.files.size()));
    ProgressBar bar(static_cast<int>(list.files.size()));
    int failed = static_cast<int>(list.errors.size());
    if (jobs > 1 && !o.realtime && !osc)
        failed += runParallel(o, list.files, lines, bar, jobs);
    else
        failed += runSequential(o, list.files, lines, bar, osc, wled);
    std::cout.flush();
    return failed == 0 ? kExitOk : kExitSomeFailed;
}
} // namespace

void addAnalyzeCommand(CLI::App& app, CommandList& commands)
{
    auto o = std::make_shared<AnalyzeOptions>();
    auto* cmd = app.add_subcommand("analyze", "Analyze audio files and print the fingerprint timeline and a summary");
    cmd->footer(
        "Output (stdout): one line per slow update {\"type\":\"frame\",...} and one whole-file line\n"
        "{\"type\":\"summary\",...} per file (SPEC §8.1); with --format csv a header line, then one row per\n"
        "update/file with the columns type,file,time,<25 dimensions>,mood_<11 mood metrics>,label,state,key,mode,\n"
        "sample_rate,duration,warming_up,tempo_skipped (a summary row's time is the file's duration;\n"
        "values not computed are empty).\n"
        "Messages, progress (only when stderr is a terminal) and errors go to stderr.\n"
        "OSC: --realtime without --osc sends to 127.0.0.1:9000; --osc without --realtime sends as fast as\n"
        "the analysis runs (fast messages are rate-limited, so most per-hop frames are skipped).\n"
        "The --osc-* options shape that stream (docs/OSC.md) and need --osc or --realtime.\n"
        "Exit status: 0 every file analyzed, 1 some failed (the others are still analyzed), 2 bad usage.");
    cmd->add_option("files", o->inputs, "Audio files (WAV, AIFF, FLAC, OGG/Vorbis, MP3) or folders of them")
        ->required()
        ->type_name("FILE|FOLDER");
    cmd->add_option("--window", o->config.windowSeconds, "Rolling window in seconds")
        ->check(finiteRange(EngineConfig::kMinWindow, EngineConfig::kMaxWindow))
        ->capture_default_str();
    cmd->add_option("--interval", o->config.intervalSeconds, "Seconds of audio between slow updates")
        ->check(finiteRange(EngineConfig::kMinInterval, EngineConfig::kMaxInterval))
        ->capture_default_str();
    cmd->add_option("--format", o->format, "Output format")
        ->check(CLI::IsMember({ "jsonl", "csv" }))
        ->capture_default_str();
    cmd->add_flag("--summary-only", o->summaryOnly, "Only the whole-file summary: one line per file");
    cmd->add_flag("--beats", o->beats,
                  "Also one line per live beat pulse: {\"type\":\"beat\",\"time\":T,\"count\":N,\"bar_position\":B,"
                  "\"strength\":S,\"bpm\":X}, the pulses `live` sends as /beat (with --format csv: type beat and four "
                  "more columns beat_count,beat_bar_position,beat_strength,beat_bpm)");
    cmd->add_flag("--no-tempo", o->config.lazyTempo,
                  "Skip tempo and beat tracking in the slow updates (cheaper; tempo_bpm is then not measured)");
    cmd->add_flag("--realtime", o->realtime,
                  "Play the files at playback speed, streaming OSC as if live (default target 127.0.0.1:9000)");
    auto* osc = addOscOptions(cmd, o->osc, "Send OSC to this target (repeatable)");
    addWledOptions(cmd, o->wled);
    addLinkOption(cmd, o->link);
    cmd->add_option("--jobs", o->jobs, "Files analyzed at once (default: one per core; 1 with --realtime or --osc)")
        ->check(CLI::Range(1, 256));
    commands.add(cmd, [o, osc] { return runAnalyze(*o, osc->count() > 0); });
}

} // namespace moodscope
