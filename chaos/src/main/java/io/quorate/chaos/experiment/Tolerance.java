package io.quorate.chaos.experiment;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PromQL probe's result must satisfy: a comparison ({@code == 1}, {@code >= 3}, a bare number
 * meaning {@code ==}) or an inclusive range ({@code [0, 2]}). Every sample of the result must satisfy it;
 * an empty result fails.
 */
public sealed interface Tolerance permits Tolerance.Comparison, Tolerance.Range {
    /** The accepted forms, for error messages. */
    String FORMS = "'== N', '!= N', '< N', '<= N', '> N', '>= N', a number, or a range [LOW, HIGH]";

    boolean accepts(double value);

    /** Comparison operators. */
    enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown operator " + symbol);
        }
    }

    /** {@code value OP operand}. */
    record Comparison(Op op, double operand) implements Tolerance {
        @Override
        public boolean accepts(double value) {
            switch (op) {
                case EQ:
                    return value == operand;
                case NE:
                    return value != operand;
                case LT:
                    return value < operand;
                case LE:
                    return value <= operand;
                case GT:
                    return value > operand;
                default:
                    return value >= operand;
            }
        }

        @Override
        public String toString() {
            return op.symbol() + " " + number(operand);
        }
    }

    /** {@code low <= value <= high}. */
    record Range(double low, double high) implements Tolerance {
        public Range {
            if (low > high) {
                throw new IllegalArgumentException("range [" + number(low) + ", " + number(high) + "] is empty: low > high");
            }
        }

        @Override
        public boolean accepts(double value) {
            return value >= low && value <= high;
        }

        @Override
        public String toString() {
            return "[" + number(low) + ", " + number(high) + "]";
        }
    }

    /** @throws IllegalArgumentException listing the accepted forms */
    static Tolerance parse(String text) {
        String t = text.trim();
        Matcher range = Pattern.compile("\\[\\s*([^,\\]]+?)\\s*,\\s*([^,\\]]+?)\\s*]").matcher(t);
        if (range.matches()) {
            return new Range(parseNumber(text, range.group(1)), parseNumber(text, range.group(2)));
        }
        Matcher opMatch = Pattern.compile("([=!<>]+)\\s*(.*)").matcher(t);
        if (opMatch.matches() && !List.of("==", "!=", "<=", ">=", "<", ">", "=").contains(opMatch.group(1))) {
            throw new IllegalArgumentException("'" + text + "': unknown operator '" + opMatch.group(1) + "' (" + FORMS + ")");
        }
        Matcher cmp = Pattern.compile("(==|!=|<=|>=|<|>|=)?\\s*(.+)").matcher(t);
        if (!t.isEmpty() && cmp.matches()) {
            String op = cmp.group(1) == null || cmp.group(1).equals("=") ? "==" : cmp.group(1);
            return new Comparison(Op.of(op), parseNumber(text, cmp.group(2)));
        }
        throw new IllegalArgumentException("'" + text + "' is not a tolerance (" + FORMS + ")");
    }

    private static double parseNumber(String text, String number) {
        try {
            double d = Double.parseDouble(number.trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            if (number.trim().equals(text.trim())) {
                throw new IllegalArgumentException("'" + text + "' is not a tolerance (" + FORMS + ")");
            }
            throw new IllegalArgumentException("'" + text + "' is not a tolerance: '" + number.trim() + "' is not a number ("
                    + FORMS + ")");
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
