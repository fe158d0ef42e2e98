import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value, parsed by the book (RFC 8259): objects, arrays, strings with escapes, numbers, true,
 * false and null. Objects become maps, arrays lists, numbers {@code Long} or {@code Double}.
 */
record Json(Object value) {

    static Json parse(String text) {
        Parser parser = new Parser(text);
        Object value = parser.value();
        parser.skipWhitespace();
        if (parser.position < text.length()) {
            throw parser.error("trailing characters");
        }
        return new Json(value);
    }

    Json get(String name) {
        Object member = asMap().get(name);
        if (member == null && !asMap().containsKey(name)) {
            throw new DemoFailed("no \"" + name + "\" in " + value);
        }
        return new Json(member);
    }

    boolean has(String name) {
        return asMap().containsKey(name);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> asMap() {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new DemoFailed("not a JSON object: " + value);
    }

    List<Json> asList() {
        if (value instanceof List<?> list) {
            return list.stream().map(Json::new).toList();
        }
        throw new DemoFailed("not a JSON array: " + value);
    }

    String asString() {
        return value == null ? null : value.toString();
    }

    long asLong() {
        if (value instanceof Number number) {
            return Math.round(number.doubleValue());
        }
        throw new DemoFailed("not a JSON number: " + value);
    }

    private static final class Parser {

        private final String text;

        private int position;

        Parser(String text) {
            this.text = text;
        }

        Object value() {
            skipWhitespace();
            if (position >= text.length()) {
                throw error("unexpected end");
            }
            char next = text.charAt(position);
            return switch (next) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> members = new LinkedHashMap<>();
            expect('{');
            skipWhitespace();
            if (peek('}')) {
                position++;
                return members;
            }
            do {
                skipWhitespace();
                String name = string();
                skipWhitespace();
                expect(':');
                members.put(name, value());
                skipWhitespace();
            }
            while (consume(','));
            expect('}');
            return members;
        }

        private List<Object> array() {
            List<Object> elements = new ArrayList<>();
            expect('[');
            skipWhitespace();
            if (peek(']')) {
                position++;
                return elements;
            }
            do {
                elements.add(value());
                skipWhitespace();
            }
            while (consume(','));
            expect(']');
            return elements;
        }

        private String string() {
            expect('"');
            StringBuilder result = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw error("unterminated string");
                }
                char next = text.charAt(position++);
                if (next == '"') {
                    return result.toString();
                }
                if (next != '\\') {
                    result.append(next);
                    continue;
                }
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case 'b' -> result.append('\b');
                    case 'f' -> result.append('\f');
                    case 'n' -> result.append('\n');
                    case 'r' -> result.append('\r');
                    case 't' -> result.append('\t');
                    case 'u' -> {
                        result.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        position += 4;
                    }
                    default -> result.append(escaped);
                }
            }
        }

        private Number number() {
            int start = position;
            while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
            String number = text.substring(start, position);
            if (number.isEmpty()) {
                throw error("unexpected character");
            }
            return number.matches("-?\\d+") ? (Number) Long.valueOf(number) : (Number) Double.valueOf(number);
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, position)) {
                throw error("unexpected character");
            }
            position += word.length();
            return value;
        }

        void skipWhitespace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private boolean peek(char expected) {
            return position < text.length() && text.charAt(position) == expected;
        }

        private boolean consume(char expected) {
            if (peek(expected)) {
                position++;
                return true;
            }
            return false;
        }

        private void expect(char expected) {
            if (!consume(expected)) {
                throw error("expected '" + expected + "'");
            }
        }

        DemoFailed error(String problem) {
            String near = text.substring(position, Math.min(text.length(), position + 20));
            return new DemoFailed("malformed JSON at " + position + " (" + problem + "): " + near);
        }
    }
}
