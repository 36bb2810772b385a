// shiftway's entry point.
#include <iostream>

int main(int argc, char** argv) {
  std::cout << "shiftway " << SHIFTWAY_VERSION << "\n";
  return 0;
}
