#!/usr/bin/python3
"""Fails when a source file includes across the layering of docs/architecture.md.

Every library header is in /usr/include, so the compiler would let a model include TOML++ or a
kernel file include a model: this test reads every #include of sim/, models/, scenarios/,
output/ and tools/ and checks it against the map:

    tools -> scenarios, output -> models -> sim      (tests/ may include anything)

and that no source file includes a source file (a .cpp).

Usage: layering_test.py SOURCE_DIR    (prints every violation as FILE:LINE: ...; exit 1 if any)
"""
import os
import re
import sys

# The C++20 standard library, and the C headers it inherits (<cstdint>, not <stdint.h>).
STANDARD = set("""
    algorithm any array atomic barrier bit bitset charconv chrono codecvt compare complex concepts
    condition_variable coroutine deque exception execution expected filesystem format forward_list
    fstream functional future initializer_list iomanip ios iosfwd iostream istream iterator latch
    limits list locale map memory memory_resource mutex new numbers numeric optional ostream queue
    random ranges ratio regex scoped_allocator semaphore set shared_mutex source_location span
    sstream stack stdexcept stop_token streambuf string string_view syncstream system_error thread
    tuple type_traits typeindex typeinfo unordered_map unordered_set utility valarray variant
    vector version
    cassert cctype cerrno cfenv cfloat cinttypes climits clocale cmath csetjmp csignal cstdarg
    cstddef cstdint cstdio cstdlib cstring ctime cuchar cwchar cwctype
""".split())

LAYERS = ("sim", "models", "scenarios", "output", "tools")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def project_folder(header):
    """The project folder a header of ours lives in ("models" for "models/catalog.hpp")."""
    first = header.split("/", 1)[0]
    return first if "/" in header and first in LAYERS else None


def is_toml(header):
    return header.startswith("toml++/")


def is_hdf5(header):
    name = os.path.basename(header)
    return name in ("hdf5.h", "hdf5_hl.h") or re.fullmatch(r"H5\w*\.h", name) is not None


# (folder the includer is in, predicate on the included header, why it is wrong); a header is
# checked against every rule of its includer's folder.
def rules_for(folder):
    # clang-tidy's bugprone-suspicious-include is off in ./tools/check (its unity batches include
    # .cpp files by design), so this rule stands in for it.
    rules = [(lambda h, quoted: h.endswith((".cpp", ".cc", ".cxx")),
              "include headers, not source files")]
    if folder == "sim":
        rules.append((lambda h, quoted: not (h in STANDARD or h.startswith("Random123/") or
                                             (quoted and project_folder(h) == "sim")),
                      "sim/ includes only the standard library, Random123 and sim/"))
    if folder != "scenarios":
        rules.append((lambda h, quoted: is_toml(h), "TOML++ is read in scenarios/ only"))
    if folder != "output":
        rules.append((lambda h, quoted: is_hdf5(h), "HDF5 is written and read in output/ only"))
    if folder != "tools":
        rules.append((lambda h, quoted: project_folder(h) == "tools",
                      "nothing outside tools/ and tests/ includes tools/"))
        rules.append((lambda h, quoted: h.startswith("CLI/") or h == "mpi.h",
                      "command-line parsing and MPI belong to tools/"))
    if folder == "models":
        rules.append((lambda h, quoted: project_folder(h) in ("scenarios", "output"),
                      "models/ sees neither scenarios/ nor output/"))
    if folder == "scenarios":
        rules.append((lambda h, quoted: project_folder(h) == "output",
                      "scenarios/ does not include output/"))
    if folder == "output":
        rules.append((lambda h, quoted: project_folder(h) == "scenarios",
                      "output/ does not include scenarios/"))
    return rules


def violations(source_dir):
    found = []
    for folder in LAYERS:
        rules = rules_for(folder)
        for root, _, files in os.walk(os.path.join(source_dir, folder)):
            for name in sorted(files):
                if not name.endswith((".cpp", ".hpp", ".h")):
                    continue
                path = os.path.join(root, name)
                relative = os.path.relpath(path, source_dir)
                with open(path, encoding="utf-8") as file:
                    for number, line in enumerate(file, 1):
                        match = INCLUDE.match(line)
                        if not match:
                            continue
                        quoted, header = match.group(1) == '"', match.group(2)
                        spelled = f'"{header}"' if quoted else f"<{header}>"
                        if quoted and "/" not in header:
                            found.append(f"{relative}:{number}: {spelled}: include project "
                                         'headers by their path from the top ("sim/time.hpp")')
                            continue
                        for broken, why in rules:
                            if broken(header, quoted):
                                found.append(f"{relative}:{number}: {spelled}: {why}")
    return found


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source_dir = sys.argv[1]
    for folder in LAYERS:
        if not os.path.isdir(os.path.join(source_dir, folder)):
            print(f"layering_test: no {folder}/ under {source_dir}", file=sys.stderr)
            return 2
    found = violations(source_dir)
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} include(s) against the layering of docs/architecture.md")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
