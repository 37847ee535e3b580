package dk.simplydinero.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.quartz.CronExpression;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A Quartz cron expression (six or seven fields, seconds first), as Quartz itself parses it. */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = QuartzCron.Validator.class)
public @interface QuartzCron {

    String message() default "must be a Quartz cron expression with a seconds field, e.g. 0 0 0/3 * * ?";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<QuartzCron, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.isBlank() || CronExpression.isValidExpression(value);
        }
    }
}
