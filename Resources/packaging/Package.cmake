# SPDX-License-Identifier: GPL-3.0-or-later
# `cpack -G DEB` in a build tree configured with a system prefix (the default): one package,
# moodscope_<version>_<arch>.deb, of everything `cmake --install` installs, under /usr.
set(CPACK_PACKAGE_NAME moodscope)
set(CPACK_PACKAGE_VENDOR "Moodscope")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${MOODSCOPE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "real-time music analyzer streaming fingerprint and mood over OSC")
# One string (a CMake list would join its items with ';'); lines under 80 columns (lintian).
set(CPACK_PACKAGE_DESCRIPTION "Moodscope analyzes music as it plays: a rolling 25-dimension audio\n\
fingerprint, mood, tempo, beats and loudness, streamed over OSC to lighting\n\
and LED controllers. This package holds the VST3 and LV2 plugin, the live\n\
app, the moodscope command line (file analysis, library scan, live input)\n\
and a systemd user unit that runs the live analysis as a headless bridge.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_WARN_ON_ABSOLUTE_INSTALL_DESTINATION ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION sound)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# JUCE opens these with dlopen, so dpkg-shlibdeps cannot see them: X11 for the app's and the
# plugin editor's windows; JACK is optional (ALSA otherwise).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libx11-6, libxext6, libxcursor1, libxinerama1, libxrandr2, libxrender1")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libjack-jackd2-0 | libjack0")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "jackd2, jalv, liblo-tools")
# The package is made from what the build already made; cpack does not rebuild everything
# (the tests and benchmarks are not in it).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
include(CPack)
