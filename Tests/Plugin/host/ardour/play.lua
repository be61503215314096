-- SPDX-License-Identifier: GPL-3.0-or-later
-- ardour7-lua: loads the saved session (the plugins restore their state from it), plays it
-- from the start in real time on the Dummy backend, then prints what Ardour reads from each
-- Moodscope insert's controls. Output lines for ardour_test.sh:
--   PLAYED <seconds rolled>
--   PARAM <format> <name> <value as Ardour holds it> <lower> <upper>
--
-- Environment: MS_SESSION_DIR, MS_SESSION_NAME, MS_PLAY_SECONDS.

dofile(os.getenv("MS_LUA_DIR") .. "/common.lua")

open_session()
local rate = Session:nominal_sample_rate()

-- Stopped for a moment first: the plugins run on silence, settle, start their OSC.
ARDOUR.LuaAPI.usleep(1500000)
Session:request_locate(0, false, ARDOUR.LocateTransportDisposition.MustStop, ARDOUR.TransportRequestSource.TRS_UI)
ARDOUR.LuaAPI.usleep(300000)
local t0 = ARDOUR.LuaAPI.monotonic_time()
Session:request_roll(ARDOUR.TransportRequestSource.TRS_UI)
ARDOUR.LuaAPI.usleep(math.floor(tonumber(env("MS_PLAY_SECONDS")) * 1000000))
local rolled = Session:transport_sample()
Session:request_stop(false, false, ARDOUR.TransportRequestSource.TRS_UI)
ARDOUR.LuaAPI.usleep(300000)
print(string.format("PLAYED %.4f", rolled / rate))
print(string.format("WALL %.3f", (ARDOUR.LuaAPI.monotonic_time() - t0) / 1e6))

local track = Session:route_by_name("Music")
assert(not track:isnil(), "FAIL: no track Music")
local i = 0
while true do
  local proc = track:nth_plugin(i)
  if proc:isnil() then break end
  local pi = proc:to_plugininsert()
  local plug = pi:plugin(0)
  local fmt = pi:type() == ARDOUR.PluginType.LV2 and "lv2" or (pi:type() == ARDOUR.PluginType.VST3 and "vst3" or "other")
  if plug:name() == "Moodscope" then
    if fmt == "vst3" then
      for j = 0, plug:parameter_count() - 1 do
        if plug:parameter_is_control(j) and plug:parameter_is_input(j) then
          local ok = false
          local v = ARDOUR.LuaAPI.get_plugin_insert_param(pi, j, ok)
          local _, t = plug:get_parameter_descriptor(j, ARDOUR.ParameterDescriptor())
          print(string.format("PARAM %s %s %.6f %.6f %.6f", fmt, plug:parameter_label(j):gsub(" ", "_"), v, t[2].lower, t[2].upper))
        end
      end
    else
      -- JUCE's LV2 parameters are LV2 properties (patch:writable), not control ports
      local auto = pi:to_automatable()
      for prm in auto:all_automatable_params():iter() do
        local ac = auto:automation_control(prm, false)
        if not ac:isnil() and ac:name():find("^property%-") then
          print(string.format("PARAM %s %s %.6f %.6f %.6f", fmt, ac:name():gsub("^property%-urn:moodscope:analyzer:", ""), ac:get_value(), ac:lower(), ac:upper()))
        end
      end
    end
  end
  i = i + 1
end
close_session()
quit()
