// Protocol v1 of Tether: the one module that the server, libtether, tether chat and
// tether-bench include. The contract itself is docs/protocol.md.
#pragma once

#include "tether/protocol/envelope.hpp"
#include "tether/protocol/errors.hpp"
#include "tether/protocol/images.hpp"
#include "tether/protocol/messages.hpp"
#include "tether/protocol/names.hpp"
#include "tether/protocol/vocabulary.hpp"
