// libtether: the C++ client of Tether. Include this one header.
#pragma once

#include "tether/client/config.hpp"
#include "tether/client/rest_client.hpp"
#include "tether/client/state.hpp"
#include "tether/client/websocket_client.hpp"
#include "tether/protocol.hpp"
