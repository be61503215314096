-- SPDX-License-Identifier: GPL-3.0-or-later
-- Shared by the ardour7-lua scripts of ardour_test.sh (loaded with dofile from MS_LUA_DIR).

-- An environment variable ardour_test.sh must have set.
function env(name)
  local v = os.getenv(name)
  assert(v and v ~= "", "missing environment variable " .. name)
  return v
end

-- The Dummy backend and the saved session of MS_SESSION_DIR / MS_SESSION_NAME.
function open_session()
  AudioEngine:set_backend("None (Dummy)", "", "")
  assert(load_session(env("MS_SESSION_DIR"), env("MS_SESSION_NAME")), "FAIL: Ardour could not load the session")
end
