# borough_add_module(NAME store/sqlite SOURCES ... [PUBLIC_DEPS ...] [DEPS ...] [TESTS ...] [TEST_DEPS ...])
# creates the static library borough_store_sqlite, its alias borough::store::sqlite and, when TESTS are
# given, the GoogleTest executable borough_store_sqlite_tests (ctest label "unit").
function(borough_add_module)
    cmake_parse_arguments(M "" "NAME" "SOURCES;PUBLIC_DEPS;DEPS;TESTS;TEST_DEPS" ${ARGN})
    string(REPLACE "/" "_" flat "${M_NAME}")
    string(REPLACE "/" "::" ns "${M_NAME}")
    set(target borough_${flat})
    add_library(${target} STATIC ${M_SOURCES})
    add_library(borough::${ns} ALIAS ${target})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${target} PUBLIC ${M_PUBLIC_DEPS} borough_sanitize PRIVATE ${M_DEPS} borough_warnings)
    if(M_TESTS AND BUILD_TESTING)
        add_executable(${target}_tests ${M_TESTS})
        target_link_libraries(${target}_tests PRIVATE ${target} ${M_DEPS} ${M_TEST_DEPS}
            GTest::gmock GTest::gtest_main borough_warnings)
        # The source dir as a compile definition: an ENVIRONMENT list with two entries does not survive
        # gtest_discover_tests (the ';' splits it), so only the binary dir is passed that way.
        target_compile_definitions(${target}_tests PRIVATE BOROUGH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
        gtest_discover_tests(${target}_tests DISCOVERY_TIMEOUT 120 PROPERTIES LABELS unit
            ENVIRONMENT "BOROUGH_TEST_BINARY_DIR=${PROJECT_BINARY_DIR};BOROUGH_TEST_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
    endif()
endfunction()

# borough_test_uses_models(TARGET): TARGET's tests read the generated models in
# ${PROJECT_BINARY_DIR}/test-models. tests/support (which makes them) is added after src/, so the
# dependency is added once the whole project has been read.
function(borough_test_uses_models target)
    cmake_language(EVAL CODE
        "cmake_language(DEFER DIRECTORY [[${PROJECT_SOURCE_DIR}]] CALL _borough_add_model_dep [[${target}]])")
endfunction()
function(_borough_add_model_dep target)
    if(TARGET borough_test_models)
        add_dependencies(${target} borough_test_models)
    endif()
endfunction()
