# Installs Chrome DevTools' trace engine for tst_devtoolsflows into DIR (a folder of the build tree) from
# the committed package.json and package-lock.json, with `npm ci`: exactly the locked versions, from the npm
# registry. Skips with a message when npm is missing (the test then skips too); reinstalls only when the
# lockfile changed. Run by CTest as the fixture of tst_devtoolsflows: cmake -DNPM=... -DDIR=... -P install.cmake
if(NOT NPM)
    message(STATUS "npm is missing: Chrome DevTools' trace engine is not installed and tst_devtoolsflows skips "
                   "(apt-get install npm)")
    return()
endif()
set(stamp ${DIR}/node_modules/.threadline-lock)
file(READ ${DIR}/package-lock.json lock)
if(EXISTS ${stamp})
    file(READ ${stamp} installed)
    if(installed STREQUAL lock)
        message(STATUS "Chrome DevTools' trace engine is installed in ${DIR}")
        return()
    endif()
endif()
execute_process(COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error WORKING_DIRECTORY ${DIR}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "npm ci failed in ${DIR} (${rc}): is the npm registry reachable?")
endif()
file(WRITE ${stamp} "${lock}")
