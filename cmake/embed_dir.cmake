# Script mode: embeds every file under DIR (recursively, sorted by path) into OUT as
# `const std::vector<std::pair<std::string_view, std::string_view>>& NS::embedded_files()`, with
# paths relative to DIR. Globbing happens at build time, so the file list follows whatever the web
# build produced. The byte encoding is embed_files_run.cmake's.
#   cmake -DDIR=<dir> -DOUT=<file.cpp> -DNS=<namespace> -P embed_dir.cmake
if(NOT DIR OR NOT OUT OR NOT NS)
    message(FATAL_ERROR "embed_dir.cmake needs -DDIR, -DOUT and -DNS")
endif()
if(NOT IS_DIRECTORY "${DIR}")
    message(FATAL_ERROR "embed_dir.cmake: ${DIR} is not a directory")
endif()
file(GLOB_RECURSE FILES LIST_DIRECTORIES false "${DIR}/*")
list(SORT FILES)
if(NOT FILES)
    message(FATAL_ERROR "embed_dir.cmake: ${DIR} holds no files")
endif()
set(BASE "${DIR}")
include("${CMAKE_CURRENT_LIST_DIR}/embed_files_run.cmake")
