package dev.facet.trainer.data;

import java.util.Locale;

/** The two tasks the train command knows, as {@code --task} spells them. */
public enum TaskType {
    REGRESSION, CLASSIFICATION;

    /** {@code regression} or {@code classification}, case-insensitive; anything else is an error naming both. */
    public static TaskType parse(String text) {
        for (TaskType t : values()) {
            if (t.name().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("--task must be regression or classification, got '" + text + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
