-- SPDX-License-Identifier: GPL-3.0-or-later
-- ardour7-lua: loads the saved session and exports the session range offline
-- (Session:simple_export, freewheeling) as a 32-bit float WAV, then closes the session.
-- Prints "EXPORTED <path>" once the export has finished and "CLOSED" after the session is
-- closed, so ardour_test.sh can tell a crash during the export from one after it.
--
-- Environment: MS_SESSION_DIR, MS_SESSION_NAME, MS_EXPORT_DIR, MS_EXPORT_NAME, MS_PRESET
-- (the id of the float WAV export preset ardour_test.sh writes into Ardour's config).

dofile(os.getenv("MS_LUA_DIR") .. "/common.lua")

open_session()
-- as a producer would: the session is open for a moment before the export starts
ARDOUR.LuaAPI.usleep(500000)

local range = Session:locations():session_range_location()
assert(range, "FAIL: the session has no session range")
local e = Session:simple_export()
assert(e:set_preset(env("MS_PRESET")), "FAIL: Ardour does not know the export preset " .. env("MS_PRESET"))
e:set_name(env("MS_EXPORT_NAME"))
e:set_folder(env("MS_EXPORT_DIR"))
print("EXPORTING " .. range:start():samples() .. " " .. range:_end():samples())
io.stdout:flush()
assert(e:run_export(), "FAIL: the export failed or was aborted")
print("EXPORTED " .. env("MS_EXPORT_DIR") .. "/" .. env("MS_EXPORT_NAME") .. ".wav")
io.stdout:flush()
e = nil
close_session()
print("CLOSED")
io.stdout:flush()
quit()
