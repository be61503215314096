-- SPDX-License-Identifier: GPL-3.0-or-later
-- ardour7-lua: creates the test session as a producer would. One stereo audio track
-- "Music" with the built Moodscope inserted as LV2 and/or VST3 (in that order, in series:
-- each passes audio through untouched, so the master bus must carry the input bit for bit),
-- the session tempo, and a save. The audio region and the plugins' OSC settings are added
-- to the saved session by session_tool.py (Ardour 7.3's Lua has no headless import).
--
-- Environment: MS_SESSION_DIR, MS_SESSION_NAME, MS_RATE, MS_BPM, MS_FORMATS ("lv2,vst3"; for
-- diagnosis also "none" or "ace-compressor", Ardour's own compressor).

dofile(os.getenv("MS_LUA_DIR") .. "/common.lua")

local dir, name = env("MS_SESSION_DIR"), env("MS_SESSION_NAME")
local rate, bpm, formats = tonumber(env("MS_RATE")), tonumber(env("MS_BPM")), env("MS_FORMATS")

AudioEngine:set_backend("None (Dummy)", "", "")
assert(create_session(dir, name, rate), "FAIL: Ardour could not create the session " .. dir)

local tracks = Session:new_audio_track(2, 2, nil, 1, "Music", ARDOUR.PresentationInfo.max_order,
                                       ARDOUR.TrackMode.Normal, true)
assert(tracks:size() == 1, "FAIL: could not add the audio track")
local track = tracks:front()

local index = 0
for fmt in formats:gmatch("[^,]+") do
  local p = nil
  if fmt == "lv2" then
    p = ARDOUR.LuaAPI.new_plugin(Session, "urn:moodscope:analyzer", ARDOUR.PluginType.LV2, "")
  elseif fmt == "vst3" then
    p = ARDOUR.LuaAPI.new_plugin(Session, "Moodscope", ARDOUR.PluginType.VST3, "")
  elseif fmt == "ace-compressor" then -- a control: Ardour's own plugin
    p = ARDOUR.LuaAPI.new_plugin(Session, "urn:ardour:a-comp#stereo", ARDOUR.PluginType.LV2, "")
  elseif fmt ~= "none" then
    error("unknown format " .. fmt)
  end
  if p then
    assert(not p:isnil(), "FAIL: Ardour does not find " .. fmt .. " (bundle not found or not scanned)")
    assert(track:add_processor_by_index(p, index, nil, true), "FAIL: could not insert the " .. fmt .. " plugin")
    print("inserted " .. fmt .. ": " .. p:to_plugininsert():plugin(0):name())
    index = index + 1
  end
end

local tm = Temporal.TempoMap.fetch_writable()
tm:set_tempo(Temporal.Tempo(bpm, bpm, 4), Temporal.timepos_t(0))
Temporal.TempoMap.update(tm)
tm = nil

-- Ardour connects the new track to the master bus from a background thread: let it finish.
ARDOUR.LuaAPI.usleep(1000000)
assert(Session:save_state("", false, false, false, false, false) == 0, "FAIL: could not save the session")
print("created " .. dir)
close_session()
quit()
