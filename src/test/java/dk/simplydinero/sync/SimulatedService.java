package dk.simplydinero.sync;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextCustomizerFactories;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An end-to-end test class of the service as Spring starts it, on a random port, against both simulators of
 * {@link SimulatedSides}: {@link Simulators} starts them for the class before the service and closes them after it.
 * Its static field of type {@code SimulatedSides} receives them; its static {@code @BeforeAll} methods run before
 * the service starts, so they may seed records and turn knobs the first run must meet; its test methods may take the
 * service's {@code ApiClient} (the API user's credentials) as a parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(Simulators.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextCustomizerFactories(Simulators.Settings.class)
// No other class shares this service (its simulators are the class's own), and one left in Spring's context cache
// would go on running against closed simulators: it stops after the class, before its simulators close.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@interface SimulatedService {

    /** Settings of this class's service ("key=value"); they win over the simulators' and application.properties. */
    @AliasFor(annotation = SpringBootTest.class)
    String[] properties() default {};
}
