// `tether chat`: the terminal client, on libtether.
#pragma once

namespace CLI {
class App;
}

namespace tether::cli {

void add_chat_command(CLI::App& app);

}  // namespace tether::cli
