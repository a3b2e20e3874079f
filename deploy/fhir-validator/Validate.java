// One JVM for a whole test session: reads one FHIR R4 JSON resource per line on stdin and answers one
// JSON line per resource on stdout, {"messages": [{"severity", "location", "message"}, ...]}, with the
// HL7 instance validator as HAPI FHIR ships it (R4 core definitions from the jars: no network).
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

public class Validate {
    public static void main(String[] args) throws Exception {
        // Answers go to the real stdout; anything a library prints goes to stderr, not into the protocol.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        FhirContext context = FhirContext.forR4();
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(support);
        FhirValidator validator = context.newValidator();
        validator.registerValidatorModule(instanceValidator);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("{\"ready\": true}");
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            JsonArray messages = new JsonArray();
            try {
                ValidationResult result = validator.validateWithResult(line);
                for (SingleValidationMessage message : result.getMessages()) {
                    JsonObject item = new JsonObject();
                    item.addProperty("severity", message.getSeverity().getCode());
                    item.addProperty("location", message.getLocationString());
                    item.addProperty("message", message.getMessage());
                    messages.add(item);
                }
            } catch (Exception error) {
                JsonObject item = new JsonObject();
                item.addProperty("severity", "fatal");
                item.addProperty("location", "");
                item.addProperty("message", String.valueOf(error));
                messages.add(item);
            }
            JsonObject answer = new JsonObject();
            answer.add("messages", messages);
            out.println(answer);
        }
    }
}
