# A .deb that installs the shiftway binary: `cmake --build build --target package`.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "shiftway")
set(CPACK_PACKAGE_CONTACT "shiftway maintainers <maintainers@shiftway.dev>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Flyway-compatible migration runner and release-compatibility linter")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "database")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/shiftway.1 DESTINATION share/man/man1)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/completions/shiftway.bash
        DESTINATION share/bash-completion/completions RENAME shiftway)
include(CPack)
