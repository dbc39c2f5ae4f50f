# borough_embed_files(OUT_CPP NAMESPACE ns FILES a b ...) writes a .cpp holding each file's bytes as
# `extern const std::vector<EmbeddedFile> ns::embedded_files()`; the file list is fixed at configure time.
function(borough_embed_files)
    cmake_parse_arguments(E "" "OUT_CPP;NAMESPACE;BASE_DIR" "FILES" ${ARGN})
    set(script "${PROJECT_SOURCE_DIR}/cmake/embed_files_run.cmake")
    add_custom_command(OUTPUT ${E_OUT_CPP}
        COMMAND ${CMAKE_COMMAND} -DOUT=${E_OUT_CPP} -DNS=${E_NAMESPACE} -DBASE=${E_BASE_DIR}
                "-DFILES=${E_FILES}" -P ${script}
        DEPENDS ${E_FILES} ${script}
        COMMENT "Embedding ${E_NAMESPACE} files" VERBATIM)
endfunction()
