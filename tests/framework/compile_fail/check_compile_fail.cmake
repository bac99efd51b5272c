# cmake -DCXX=<compiler> -DINCLUDE=<dir> -DSRC=<file> -DEXPECT=<regex> -P ...
# Passes when SRC fails to compile with a message matching EXPECT, and
# compiles with -DSLUICE_CONTROL.
set(flags -std=c++20 -fsyntax-only -I${INCLUDE})
execute_process(COMMAND ${CXX} ${flags} -DSLUICE_CONTROL ${SRC}
                RESULT_VARIABLE control_rc ERROR_VARIABLE control_err)
if(NOT control_rc EQUAL 0)
  message(FATAL_ERROR "control build of ${SRC} failed:\n${control_err}")
endif()
execute_process(COMMAND ${CXX} ${flags} ${SRC}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "${SRC} compiled, but the DSL must reject it")
endif()
if(NOT err MATCHES "${EXPECT}")
  message(FATAL_ERROR "${SRC} failed without naming '${EXPECT}':\n${err}")
endif()
message(STATUS "rejected as expected, naming ${EXPECT}")
