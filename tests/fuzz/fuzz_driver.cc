// Runs a fuzz entry point without libFuzzer: each file named on the command line, every
// prefix of it, and a fixed sequence of byte mutations and splices (inserting the target's own
// tokens, which steer it into its interesting branches), so a compiler without libFuzzer still
// exercises the target on malformed input as a regular test. Linked with one target, which
// defines LLVMFuzzerTestOneInput, kFuzzTargetName and FuzzTokens().
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace jisr::fuzz {
// The target's name, for messages.
extern const char kFuzzTargetName[];
// Byte strings worth inserting into the target's inputs.
const std::vector<std::string>& FuzzTokens();
}  // namespace jisr::fuzz

namespace {

void Run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

// A fixed-seed generator, so every run tests the same inputs.
class Lcg {
 public:
  uint32_t Next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state_ >> 33);
  }

 private:
  uint64_t state_ = 0x4a697372;
};

}  // namespace

// Reads a file, or every file of a directory (a seed corpus), into `inputs`.
bool ReadInputs(const std::string& path, std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
      if (entry.is_regular_file()) files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());  // the same order every run
  } else {
    files.push_back(path);
  }
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "%s: cannot read %s: pass readable seed files or directories\n",
                   jisr::fuzz::kFuzzTargetName, file.c_str());
      return false;
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    inputs.push_back(contents.str());
  }
  return true;
}

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  int mutations = 1500;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--mutations=", 0) == 0) {
      mutations = std::atoi(arg.c_str() + 12);
    } else if (!ReadInputs(arg, inputs)) {
      return 2;
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: %s [--mutations=N] FILE_OR_DIRECTORY...\n", argv[0]);
    return 2;
  }

  const std::vector<std::string>& tokens = jisr::fuzz::FuzzTokens();
  size_t runs = 0;
  Lcg random;
  for (const std::string& input : inputs) {
    Run(input);
    ++runs;
    const size_t step = input.size() / 211 + 1;
    for (size_t n = 0; n < input.size(); n += step, ++runs) Run(input.substr(0, n));
    for (int i = 0; i < mutations; ++i, ++runs) {
      std::string mutated = input;
      const int edits = 1 + static_cast<int>(random.Next() % 8);
      for (int e = 0; e < edits && !mutated.empty(); ++e) {
        const size_t at = random.Next() % mutated.size();
        switch (random.Next() % 4) {
          case 0:
            mutated[at] = static_cast<char>(random.Next());
            break;
          case 1:
            mutated.erase(at, random.Next() % 64);
            break;
          case 2:
            mutated.insert(at, tokens[random.Next() % tokens.size()]);
            break;
          default: {
            const std::string& other = inputs[random.Next() % inputs.size()];
            const size_t from = random.Next() % (other.size() + 1);
            mutated.insert(at, other.substr(from, random.Next() % 512));
          }
        }
      }
      Run(mutated);
    }
  }
  std::printf("%s: %zu inputs, no crash and no broken promise\n", jisr::fuzz::kFuzzTargetName,
              runs);
  return 0;
}
