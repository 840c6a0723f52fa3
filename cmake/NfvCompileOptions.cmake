# Warnings and sanitizers for every target of the project, through one interface library.
add_library(nfv_compile_options INTERFACE)
target_compile_options(nfv_compile_options INTERFACE
  -Wall -Wextra -Wshadow=local -Wnon-virtual-dtor -Wimplicit-fallthrough)
if(NFV_WERROR)
  target_compile_options(nfv_compile_options INTERFACE -Werror)
endif()
if(NFV_SANITIZE)
  target_compile_options(nfv_compile_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(nfv_compile_options INTERFACE -fsanitize=address,undefined)
endif()
