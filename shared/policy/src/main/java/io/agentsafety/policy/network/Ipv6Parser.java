package io.agentsafety.policy.network;

/**
 * The WHATWG URL Standard's IPv6 parser, step by step: hex pieces, one "::" compression, an embedded dotted IPv4
 * tail (strict: decimal, no leading zeros). Zone ids ("%25eth0") are not part of the standard and fail here.
 */
final class Ipv6Parser {

    private Ipv6Parser() {
    }

    static Host.Ipv6 parse(String input) throws HostParseException {
        int[] address = new int[8];
        int pieceIndex = 0;
        int compress = -1;
        int pointer = 0;
        int length = input.length();
        if (pointer < length && input.charAt(pointer) == ':') {
            if (pointer + 1 >= length || input.charAt(pointer + 1) != ':') {
                throw invalid(input, "it starts with a single ':'");
            }
            pointer += 2;
            pieceIndex++;
            compress = pieceIndex;
        }
        while (pointer < length) {
            if (pieceIndex == 8) {
                throw invalid(input, "it has more than 8 pieces");
            }
            if (input.charAt(pointer) == ':') {
                if (compress != -1) {
                    throw invalid(input, "'::' appears more than once");
                }
                pointer++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }
            int value = 0;
            int digits = 0;
            while (digits < 4 && pointer < length && isHex(input.charAt(pointer))) {
                value = value * 0x10 + Character.digit(input.charAt(pointer), 16);
                pointer++;
                digits++;
            }
            if (pointer < length && input.charAt(pointer) == '.') {
                if (digits == 0) {
                    throw invalid(input, "an embedded IPv4 part is empty");
                }
                pointer -= digits;
                if (pieceIndex > 6) {
                    throw invalid(input, "an embedded IPv4 part does not fit");
                }
                int numbersSeen = 0;
                while (pointer < length) {
                    int ipv4Piece = -1;
                    if (numbersSeen > 0) {
                        if (input.charAt(pointer) == '.' && numbersSeen < 4) {
                            pointer++;
                        } else {
                            throw invalid(input, "its embedded IPv4 part is malformed");
                        }
                    }
                    if (pointer >= length || !isDigit(input.charAt(pointer))) {
                        throw invalid(input, "its embedded IPv4 part is malformed");
                    }
                    while (pointer < length && isDigit(input.charAt(pointer))) {
                        int number = input.charAt(pointer) - '0';
                        if (ipv4Piece == -1) {
                            ipv4Piece = number;
                        } else if (ipv4Piece == 0) {
                            throw invalid(input, "its embedded IPv4 part has a leading zero");
                        } else {
                            ipv4Piece = ipv4Piece * 10 + number;
                        }
                        if (ipv4Piece > 255) {
                            throw invalid(input, "its embedded IPv4 part exceeds 255");
                        }
                        pointer++;
                    }
                    address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
                    numbersSeen++;
                    if (numbersSeen == 2 || numbersSeen == 4) {
                        pieceIndex++;
                    }
                }
                if (numbersSeen != 4) {
                    throw invalid(input, "its embedded IPv4 part does not have 4 numbers");
                }
                break;
            } else if (pointer < length && input.charAt(pointer) == ':') {
                pointer++;
                if (pointer >= length) {
                    throw invalid(input, "it ends with a single ':'");
                }
            } else if (pointer < length) {
                throw invalid(input, "it contains '" + printable(input.charAt(pointer)) + "'");
            }
            address[pieceIndex] = value;
            pieceIndex++;
        }
        if (compress != -1) {
            int swaps = pieceIndex - compress;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0) {
                int other = compress + swaps - 1;
                int tmp = address[pieceIndex];
                address[pieceIndex] = address[other];
                address[other] = tmp;
                pieceIndex--;
                swaps--;
            }
        } else if (pieceIndex != 8) {
            throw invalid(input, "it has fewer than 8 pieces and no '::'");
        }
        return new Host.Ipv6(address);
    }

    private static HostParseException invalid(String input, String why) {
        return new HostParseException("'[" + Evidence.clean(input) + "]' is not a valid IPv6 address: " + why);
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
