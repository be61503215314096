# SPDX-License-Identifier: GPL-3.0-or-later
# Where `cmake --install` puts the plugins. Under a system prefix: lib/vst3 and lib/lv2, which
# hosts search under /usr and /usr/local (the VST3 SDK's "Plug-in Locations" for Linux; LV2's
# default LV2_PATH ~/.lv2:/usr/local/lib/lv2:/usr/lib/lv2). Nothing searches ~/.local/lib, so
# a prefix inside $HOME (a per-user install, e.g. ~/.local) puts them in ~/.vst3 and ~/.lv2,
# which every host searches, JUCE's LV2 host included (it ignores LV2_PATH).
get_filename_component(moodscope_prefix "${CMAKE_INSTALL_PREFIX}/" ABSOLUTE)
set(moodscope_in_home -1)
if(DEFINED ENV{HOME} AND NOT "$ENV{HOME}" STREQUAL "" AND NOT "$ENV{HOME}" STREQUAL "/")
  string(FIND "${moodscope_prefix}/" "$ENV{HOME}/" moodscope_in_home)
endif()
if(moodscope_in_home EQUAL 0)
  set(moodscope_vst3_default "$ENV{HOME}/.vst3")
  set(moodscope_lv2_default "$ENV{HOME}/.lv2")
else()
  set(moodscope_vst3_default lib/vst3)
  set(moodscope_lv2_default lib/lv2)
endif()
# Empty: follow the prefix, also when it changes on a later configure.
set(MOODSCOPE_VST3_DIR "" CACHE STRING "VST3 install folder (relative: under the prefix; empty: automatic)")
set(MOODSCOPE_LV2_DIR "" CACHE STRING "LV2 install folder (relative: under the prefix; empty: automatic)")
if(NOT MOODSCOPE_VST3_DIR)
  set(MOODSCOPE_VST3_DIR "${moodscope_vst3_default}")
endif()
if(NOT MOODSCOPE_LV2_DIR)
  set(MOODSCOPE_LV2_DIR "${moodscope_lv2_default}")
endif()

# The Debian package's maintainer, also in its changelog (Resources/packaging/changelog.in).
set(MOODSCOPE_MAINTAINER "Moodscope developers <moodscope@example.org>" CACHE STRING "Package maintainer")
# SOURCE_DATE_EPOCH, when set, makes the date (and so the package) reproducible.
string(TIMESTAMP MOODSCOPE_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
