package io.cloudexfil.hunt.source.prefilter;

import io.cloudexfil.hunt.functions.DetectionList;
import io.cloudexfil.hunt.functions.InHuntWindow;
import io.cloudexfil.kql.EqualsCi;
import io.cloudexfil.kql.Has;
import io.cloudexfil.kql.HasAll;
import io.cloudexfil.kql.HasAny;
import io.cloudexfil.kql.HasCs;
import io.cloudexfil.kql.HasPrefix;
import io.cloudexfil.kql.HasSuffix;
import io.cloudexfil.kql.InCi;
import io.cloudexfil.kql.KqlContains;
import io.cloudexfil.kql.KqlEndsWith;
import io.cloudexfil.kql.KqlStartsWith;

import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the filters pushed into a Defender scan into a {@link LinePrefilter}. Understood: AND, OR
 * and the KQL string functions applied to a string column with constant needles (literals or
 * {@code detection_list(...)}); each of them needs its needle somewhere in the value. Anything else
 * (NOT, comparisons, a function of a column, a needle too short or not plain ASCII) counts as
 * "may be true", which only makes the prefilter let more lines through.
 */
public final class PrefilterCompiler {

    private PrefilterCompiler() {}

    /** The condition a line must meet for all these conjuncts to hold (null: "always"). */
    public static LinePrefilter.Node condition(List<ResolvedExpression> conjuncts) {
        List<LinePrefilter.Node> parts = new ArrayList<>();
        for (ResolvedExpression e : conjuncts) {
            parts.add(node(e));
        }
        return LinePrefilter.and(parts);
    }

    /** A call of the run's hunt window ({@code in_hunt_window}), the condition every signal shares. */
    /** The window of an {@code in_hunt_window} call. */
    public static io.cloudexfil.hunt.functions.HuntWindow window(ResolvedExpression e) {
        return ((InHuntWindow) ((CallExpression) e).getFunctionDefinition()).window();
    }

    public static boolean isHuntWindow(ResolvedExpression e) {
        return e instanceof CallExpression call && call.getFunctionDefinition() instanceof InHuntWindow;
    }

    /** The condition a line must meet for {@code e} to be true; null when it may always be. */
    static LinePrefilter.Node node(ResolvedExpression e) {
        if (!(e instanceof CallExpression call)) {
            return null;
        }
        FunctionDefinition f = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (f == BuiltInFunctionDefinitions.AND) {
            List<LinePrefilter.Node> parts = new ArrayList<>();
            for (ResolvedExpression a : args) {
                parts.add(node(a));
            }
            return LinePrefilter.and(parts);
        }
        if (f == BuiltInFunctionDefinitions.OR) {
            List<LinePrefilter.Node> parts = new ArrayList<>();
            for (ResolvedExpression a : args) {
                parts.add(node(a));
            }
            return LinePrefilter.or(parts);
        }
        if ((f == BuiltInFunctionDefinitions.GREATER_THAN || f == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL)
                && args.size() == 2 && args.get(0) instanceof FieldReferenceExpression column
                && column.getOutputDataType().getLogicalType().is(LogicalTypeFamily.INTEGER_NUMERIC)
                && args.get(1) instanceof ValueLiteralExpression literal) {
            Long bound = literal.getValueAs(Long.class).orElse(null);
            if (bound == null) {
                Integer small = literal.getValueAs(Integer.class).orElse(null);
                bound = small == null ? null : small.longValue();
            }
            if (bound == null || bound == Long.MIN_VALUE) {
                return null;
            }
            // x >= b is x > b - 1 for integers
            return new LinePrefilter.Above(column.getName(), f == BuiltInFunctionDefinitions.GREATER_THAN ? bound : bound - 1);
        }
        boolean any = f instanceof HasAny || f instanceof InCi || f instanceof Has || f instanceof HasCs
                || f instanceof HasPrefix || f instanceof HasSuffix || f instanceof KqlContains
                || f instanceof KqlStartsWith || f instanceof KqlEndsWith || f instanceof EqualsCi;
        boolean all = f instanceof HasAll;
        if ((!any && !all) || args.size() < 2 || !isStringColumn(args.get(0))) {
            return null;
        }
        List<String> needles = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            List<String> values = constantStrings(args.get(i));
            if (values == null) {
                return null;
            }
            needles.addAll(values);
        }
        if (needles.contains(null)) {
            return null; // a NULL needle reads as "", which every value contains
        }
        String column = ((FieldReferenceExpression) args.get(0)).getName();
        if (any) {
            return LinePrefilter.anyOf(column, new LinkedHashSet<>(needles));
        }
        List<LinePrefilter.Node> each = new ArrayList<>();
        for (String n : needles) {
            each.add(LinePrefilter.anyOf(column, Set.of(n)));
        }
        return LinePrefilter.and(each); // has_all: every needle (none: always true)
    }

    /** The value must be the column itself: a function of it could hold text the line does not. */
    private static boolean isStringColumn(ResolvedExpression e) {
        return e instanceof FieldReferenceExpression
                && e.getOutputDataType().getLogicalType().is(LogicalTypeFamily.CHARACTER_STRING);
    }

    /** The strings of a constant (literal or detection_list call), null elements kept; null if not constant. */
    static List<String> constantStrings(ResolvedExpression e) {
        if (e instanceof ValueLiteralExpression literal) {
            if (literal.isNull()) {
                List<String> one = new ArrayList<>();
                one.add(null);
                return one;
            }
            return strings(literal.getValueAs(Object.class).orElse(null));
        }
        if (e instanceof CallExpression call && call.getFunctionDefinition() instanceof DetectionList list
                && call.getResolvedChildren().size() == 1
                && call.getResolvedChildren().get(0) instanceof ValueLiteralExpression name) {
            try {
                return strings(list.eval(name.getValueAs(String.class).orElse(null)));
            } catch (RuntimeException unknownList) {
                return null; // the job itself will report it
            }
        }
        return null;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof org.apache.flink.table.data.StringData s) {
            out.add(s.toString());
        } else if (value instanceof Object[] array) {
            for (Object o : array) {
                if (o != null && !(o instanceof String) && !(o instanceof org.apache.flink.table.data.StringData)) {
                    return null;
                }
                out.add(o == null ? null : o.toString());
            }
        } else if (value instanceof ArrayData array) {
            for (int i = 0; i < array.size(); i++) {
                out.add(array.isNullAt(i) ? null : array.getString(i).toString());
            }
        } else {
            return null;
        }
        return out;
    }
}
