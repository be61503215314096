// SPDX-License-Identifier: GPL-3.0-or-later
// A liblo receiver for the shell tests that shows OSC framing, which oscdump hides (it prints a
// timetag for every message: its own clock for plain messages and "immediately" bundles).
//
// Usage: moodscope_osc_datagrams OUT -- listens on a free loopback UDP port, writes the port to
// OUT.port, then one line per datagram to OUT:
//   bundle SSSSSSSS.FFFFFFFF /address /address ...   (the timetag in hex, every message inside)
//   message /address
// Runs until killed.
#include <lo/lo.h>

#include <cstdio>
#include <string>

namespace {
struct Output
{
    std::FILE* lines = nullptr;
    int depth = 0; // nested bundles are flattened into the outermost one
    std::string bundle;
};

int onMessage(const char* path, const char*, lo_arg**, int, lo_message, void* user)
{
    auto* out = static_cast<Output*>(user);
    if (out->depth > 0)
        out->bundle += std::string(" ") + path;
    else
        std::fprintf(out->lines, "message %s\n", path);
    return 0;
}

int onBundleStart(lo_timetag time, void* user)
{
    auto* out = static_cast<Output*>(user);
    if (out->depth++ == 0)
    {
        char tag[32];
        std::snprintf(tag, sizeof tag, "bundle %08x.%08x", time.sec, time.frac);
        out->bundle = tag;
    }
    return 0;
}

int onBundleEnd(void* user)
{
    auto* out = static_cast<Output*>(user);
    if (--out->depth == 0)
        std::fprintf(out->lines, "%s\n", out->bundle.c_str());
    return 0;
}

void onError(int number, const char* message, const char* where)
{
    std::fprintf(stderr, "moodscope_osc_datagrams: liblo error %d: %s (%s)\n", number, message,
                 where != nullptr ? where : "");
}
} // namespace

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::fprintf(stderr, "usage: moodscope_osc_datagrams OUT\n");
        return 2;
    }
    const std::string out = argv[1];
    Output state;
    state.lines = std::fopen(out.c_str(), "w");
    if (state.lines == nullptr)
    {
        std::perror(out.c_str());
        return 1;
    }
    std::setvbuf(state.lines, nullptr, _IOLBF, 0);
    // liblo queues bundles whose timetag lies in the future; these are dispatched at once
    lo_server server = lo_server_new_with_proto(nullptr, LO_UDP, onError);
    if (server == nullptr)
        return 1;
    lo_server_enable_queue(server, 0, 1);
    lo_server_add_method(server, nullptr, nullptr, &onMessage, &state);
    lo_server_add_bundle_handlers(server, &onBundleStart, &onBundleEnd, &state);
    if (std::FILE* port = std::fopen((out + ".port").c_str(), "w"))
    {
        std::fprintf(port, "%d", lo_server_get_port(server));
        std::fclose(port);
    }
    for (;;)
        lo_server_recv(server);
}
