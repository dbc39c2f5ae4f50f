# borough_embed_files(OUT_CPP out.cpp NAMESPACE ns [BASE_DIR dir] FILES a b ...) writes a .cpp defining
# `const std::vector<std::pair<std::string_view, std::string_view>>& ns::embedded_files()`: one
# (path relative to BASE_DIR, bytes) pair per file, in the order given. Callers declare that function
# themselves and add OUT_CPP to a target's sources. Relative FILES and BASE_DIR are taken from the
# current source dir, a relative OUT_CPP from the current binary dir (the generator script runs in the
# binary dir). The file list is fixed at configure time.
function(borough_embed_files)
    cmake_parse_arguments(E "" "OUT_CPP;NAMESPACE;BASE_DIR" "FILES" ${ARGN})
    if(NOT E_OUT_CPP OR NOT E_NAMESPACE)
        message(FATAL_ERROR "borough_embed_files needs OUT_CPP and NAMESPACE")
    endif()
    if(NOT E_BASE_DIR)
        set(E_BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    endif()
    get_filename_component(base "${E_BASE_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(out "${E_OUT_CPP}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    set(files "")
    foreach(f IN LISTS E_FILES)
        get_filename_component(abs "${f}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
        list(APPEND files "${abs}")
    endforeach()
    set(script "${PROJECT_SOURCE_DIR}/cmake/embed_files_run.cmake")
    add_custom_command(OUTPUT ${out}
        COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${E_NAMESPACE} -DBASE=${base}
                "-DFILES=${files}" -P ${script}
        DEPENDS ${files} ${script}
        COMMENT "Embedding ${E_NAMESPACE} files" VERBATIM)
endfunction()
