# Installs the kneeload build to a fresh prefix, then configures, builds and runs the
# downstream project against it. Driven by ctest (tests/CMakeLists.txt).
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${KNEELOAD_BINARY_DIR}" --prefix "${prefix}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "install failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S "${DOWNSTREAM_SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
                        -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release
                        -DKNEELOAD_REQUIRED_VERSION=${KNEELOAD_VERSION}
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "downstream configure failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/build" RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "downstream build failed (${rc})")
endif()
execute_process(COMMAND "${WORK_DIR}/build/downstream" RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "downstream program failed (${rc})")
endif()
