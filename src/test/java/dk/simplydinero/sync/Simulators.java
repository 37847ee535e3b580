package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.test.context.support.TestPropertySourceUtils;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Both simulators for end-to-end tests, so no test class starts, points the service at and closes them itself.
 *
 * <p>In a {@link SimulatedService} class, one set for the whole class: started before the class and its service,
 * given to the class's static {@code SimulatedSides} field (and to {@code SimulatedSides} parameters), fed to the
 * service by {@link Settings}, closed after the class; an {@code ApiClient} parameter calls that service.
 *
 * <p>In another class ({@code @ExtendWith(Simulators.class)}, a test that starts the service itself), a fresh set for
 * each test, given to the test instance's {@code SimulatedSides} field and parameters and closed after the test.
 */
final class Simulators implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    /** The class-wide sets by test class: {@link Settings} finds them there when Spring starts the service. */
    private static final Map<Class<?>, SimulatedSides> PER_CLASS = new ConcurrentHashMap<>();
    private static final ExtensionContext.Namespace PER_TEST = ExtensionContext.Namespace.create(Simulators.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        Class<?> testClass = context.getRequiredTestClass();
        if (!AnnotationSupport.isAnnotated(testClass, SimulatedService.class)) {
            return;
        }
        SimulatedSides sides = new SimulatedSides();
        PER_CLASS.put(testClass, sides);
        for (Field field : sidesFields(testClass, true)) {
            field.set(null, sides);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        SimulatedSides sides = PER_CLASS.remove(context.getRequiredTestClass());
        if (sides != null) {
            sides.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        if (PER_CLASS.containsKey(context.getRequiredTestClass())) {
            return;
        }
        for (Field field : sidesFields(context.getRequiredTestClass(), false)) {
            field.set(context.getRequiredTestInstance(), perTest(context));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        SimulatedSides sides = context.getStore(PER_TEST).remove(SimulatedSides.class, SimulatedSides.class);
        if (sides != null) {
            sides.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SimulatedSides.class
                || type == ApiClient.class && PER_CLASS.containsKey(context.getRequiredTestClass());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SimulatedSides classWide = PER_CLASS.get(context.getRequiredTestClass());
        if (parameter.getParameter().getType() == ApiClient.class) {
            Environment service = SpringExtension.getApplicationContext(context).getEnvironment();
            return new ApiClient(service.getRequiredProperty("local.server.port", Integer.class),
                    service.getRequiredProperty("spring.security.user.name"),
                    service.getRequiredProperty("spring.security.user.password"));
        }
        if (classWide != null) {
            return classWide;
        }
        if (context.getTestMethod().isEmpty()) {
            throw new IllegalStateException("SimulatedSides outside a test method needs a @SimulatedService class: "
                    + context.getRequiredTestClass().getName());
        }
        return perTest(context);
    }

    private static SimulatedSides perTest(ExtensionContext context) {
        return context.getStore(PER_TEST).getOrComputeIfAbsent(SimulatedSides.class, k -> new SimulatedSides(),
                SimulatedSides.class);
    }

    private static List<Field> sidesFields(Class<?> testClass, boolean isStatic) {
        List<Field> fields = ReflectionSupport.findFields(testClass,
                f -> f.getType() == SimulatedSides.class && ModifierSupport.isStatic(f) == isStatic,
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            if (ModifierSupport.isFinal(field)) {
                throw new IllegalStateException(field + " is final: Simulators cannot give it the simulators");
            }
            field.setAccessible(true);
        }
        return fields;
    }

    /**
     * Points the service of a {@link SimulatedService} class at that class's simulators and database. The
     * simulators' settings stand below the class's own {@code properties}, which may override them.
     */
    static final class Settings implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                         List<ContextConfigurationAttributes> configAttributes) {
            return new Customizer(testClass);
        }

        /** One per test class (its equality keys Spring's context cache): no two classes share their simulators. */
        private record Customizer(Class<?> testClass) implements ContextCustomizer {

            @Override
            public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
                SimulatedSides sides = PER_CLASS.get(testClass);
                if (sides == null) {
                    throw new IllegalStateException("The service of " + testClass.getName() + " starts before its"
                            + " simulators: the Simulators extension starts them before the class (no PER_CLASS"
                            + " test instance, no Spring-resolved parameter in a @BeforeAll method)");
                }
                MutablePropertySources sources = context.getEnvironment().getPropertySources();
                MapPropertySource simulators = new MapPropertySource("simulators of " + testClass.getSimpleName(),
                        new LinkedHashMap<>(sides.settings()));
                String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
                if (sources.contains(inlined)) {
                    sources.addAfter(inlined, simulators);
                } else {
                    sources.addFirst(simulators);
                }
            }
        }
    }
}
