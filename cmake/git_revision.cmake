# Writes OUTPUT (a C++ source) with the source tree's git revision, at every
# build and not only when CMake configures, so that summary.json and
# --version name the code that actually ran: the short commit hash, with
# "-dirty" when tracked files differ from it, or "unknown" outside git.
# The file is rewritten only when the text changes, so an unchanged
# revision recompiles nothing.
#   cmake -DSOURCE_DIR=... -DOUTPUT=... -P git_revision.cmake
execute_process(COMMAND git rev-parse --short HEAD
  WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE revision
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT revision)
  set(revision "unknown")
else()
  execute_process(COMMAND git status --porcelain --untracked-files=no
    WORKING_DIRECTORY ${SOURCE_DIR}
    OUTPUT_VARIABLE changes
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(changes)
    string(APPEND revision "-dirty")
  endif()
endif()
set(text "// Written at build time by cmake/git_revision.cmake.
#include <nanoconvect/version.h>

namespace nanoconvect
{
  const char *const git_revision = \"${revision}\";
} // namespace nanoconvect
")
set(old "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUTPUT} "${text}")
endif()
