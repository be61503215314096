// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <lo/lo_lowlevel.h>

#include <cstddef>
#include <string>
#include <vector>

namespace moodscope {

// One OSC bundle built with liblo (which does all the encoding), owned until it is serialised
// once and the same bytes go to every target.
class OscBundle // sender thread (or a benchmark); not shared
{
  public:
    explicit OscBundle(lo_timetag time) : bundle_(lo_bundle_new(time)) {}
    ~OscBundle()
    {
        if (bundle_ != nullptr)
            lo_bundle_free_recursive(bundle_);
    }
    OscBundle(const OscBundle&) = delete;
    OscBundle& operator=(const OscBundle&) = delete;

    // Takes ownership of the message, also when adding fails.
    void add(const std::string& address, lo_message m)
    {
        if (m == nullptr)
            return;
        if (bundle_ == nullptr || lo_bundle_add_message(bundle_, address.c_str(), m) != 0)
        {
            lo_message_free(m);
            return;
        }
        ++messages_;
    }

    int messages() const noexcept { return messages_; }
    bool empty() const noexcept { return messages_ == 0; }
    lo_bundle get() const noexcept { return bundle_; }

    // The wire form; reuses out's capacity so a steady stream does not reallocate.
    bool serialise(std::vector<char>& out) const
    {
        out.clear();
        if (bundle_ == nullptr || messages_ == 0)
            return false;
        out.resize(lo_bundle_length(bundle_));
        std::size_t size = out.size();
        if (lo_bundle_serialise(bundle_, out.data(), &size) == nullptr)
            return false;
        out.resize(size);
        return true;
    }

    // Message i alone, for receivers that take one message per datagram (no bundle, no timetag).
    bool serialiseMessage(int i, std::vector<char>& out) const
    {
        out.clear();
        const char* path = nullptr;
        lo_message m = bundle_ != nullptr ? lo_bundle_get_message(bundle_, i, &path) : nullptr;
        if (m == nullptr || path == nullptr)
            return false;
        out.resize(lo_message_length(m, path));
        std::size_t size = out.size();
        if (lo_message_serialise(m, path, out.data(), &size) == nullptr)
            return false;
        out.resize(size);
        return true;
    }

  private:
    lo_bundle bundle_ = nullptr;
    int messages_ = 0;
};

} // namespace moodscope
