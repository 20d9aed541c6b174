# Embeds tools/python/*.py in the xsellsim binary, so that `plot` and `report` work from any
# directory and from an installed binary: they write the scripts to a private temporary directory
# and run them with /usr/bin/python3 (tools/python_command.cpp). Included from
# tools/CMakeLists.txt after the xsellsim target exists; editing a script rebuilds the header.
file(GLOB xsellsim_python_scripts CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.py)
set(xsellsim_python_header ${CMAKE_CURRENT_BINARY_DIR}/generated/tools/python_scripts.hpp)
add_custom_command(
  OUTPUT ${xsellsim_python_header}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${xsellsim_python_header}
          "-DSCRIPTS=${xsellsim_python_scripts}" -P ${CMAKE_CURRENT_LIST_DIR}/write_header.cmake
  DEPENDS ${xsellsim_python_scripts} ${CMAKE_CURRENT_LIST_DIR}/write_header.cmake
  COMMENT "Embedding tools/python/*.py"
  VERBATIM)
target_sources(xsellsim PRIVATE ${xsellsim_python_header})
target_include_directories(xsellsim PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated)
