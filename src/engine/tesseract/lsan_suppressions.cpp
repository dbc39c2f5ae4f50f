// LeakSanitizer suppressions for every program that links engine/tesseract: fontconfig (loaded by
// poppler to find the standard-14 fonts) keeps its configuration for the life of the process by
// design. Has no effect without -fsanitize=address.
extern "C" const char* __lsan_default_suppressions();   // NOLINT: the name LeakSanitizer looks up
extern "C" const char* __lsan_default_suppressions() {  // NOLINT: the name LeakSanitizer looks up
    return "leak:libfontconfig.so\n";
}
