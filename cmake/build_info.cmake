# Version facts for `borough version`, from git describe at configure time (no __DATE__).
find_package(Git QUIET)
set(BOROUGH_GIT_DESCRIBE "unknown")
if(GIT_FOUND)
    execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --tags
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE _desc OUTPUT_STRIP_TRAILING_WHITESPACE
        ERROR_QUIET RESULT_VARIABLE _rc)
    if(_rc EQUAL 0 AND _desc)
        set(BOROUGH_GIT_DESCRIBE "${_desc}")
    endif()
endif()
