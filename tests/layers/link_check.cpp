// Linked with one layer whole (tests/layers/CMakeLists.txt); never run.
int main() { return 0; }
