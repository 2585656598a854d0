package dev.scatter.pbs;

import static dev.scatter.core.model.EntryState.LOST;
import static dev.scatter.core.model.EntryState.OUT_OF_MEMORY;
import static dev.scatter.core.model.EntryState.QUEUED;
import static dev.scatter.core.model.EntryState.RUNNING;
import static dev.scatter.core.model.EntryState.TIMEOUT;
import static java.util.Map.entry;

import dev.scatter.core.model.EntryState;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Torque 6's {@code qstat -t -x} (XML: a {@code <Data>} of {@code <Job>} elements, times in epoch
 * seconds, as in Xenon's fixtures/torque/jobs.xml) read with the JDK's XML parser, and Torque's
 * state and exit tables. Torque keeps a completed job (state C, with its own exit_status) for
 * {@code keep_completed} seconds, then forgets it; it has no job history to ask afterwards.
 * No captured Torque output exists here: this follows the Torque 6 documentation and the
 * simulator's Torque dialect.
 */
final class TorqueStatusParser extends PbsStatusParser {

    // job_state in qstat(1B) of Torque 6 (Administrator Guide, "qstat"): http://docs.adaptivecomputing.com/torque/
    private static final Map<String, EntryState> LIVE_STATES = Map.ofEntries(
            entry("Q", QUEUED),     // queued, eligible to run or routed
            entry("H", QUEUED),     // held (a dependency holds it too)
            entry("W", QUEUED),     // waiting for its execution time (-a)
            entry("T", QUEUED),     // being moved to a new location
            entry("R", RUNNING),    // running
            entry("E", RUNNING),    // exiting after having run
            entry("S", RUNNING));   // suspended
    /** C: completed after having run, kept for keep_completed seconds; exit_status decides. */
    private static final Set<String> ENDED_STATES = Set.of("C");

    // exit_status below 0 (JOB_EXEC_* of Torque's job.h; Torque 6 admin guide, "Job exit status"):
    // Torque's own reasons. Walltime is -11 here, not PBS Pro's -29.
    private static final Map<Integer, Outcome> EXITS = Map.ofEntries(
            entry(-1, new Outcome(LOST, "it could not start: the execution host failed before setting up its files")),
            entry(-2, new Outcome(LOST, "it could not start: the execution host failed after setting up its files")),
            entry(-3, new Outcome(LOST, "it could not start on its node (Torque would retry it)")),
            entry(-4, new Outcome(LOST, "it was aborted while the execution host (MoM) started")),
            entry(-7, new Outcome(LOST, "its restart failed")),
            entry(-8, new Outcome(LOST, "its script could not be started")),
            entry(-9, new Outcome(LOST, "Torque could not create its output files (is the attempt's pbs/ directory"
                    + " writable from the compute nodes?)")),
            entry(-10, new Outcome(OUT_OF_MEMORY, "killed by Torque over its memory limit")),
            entry(-11, new Outcome(TIMEOUT, "killed by Torque over its walltime")),
            entry(-12, new Outcome(TIMEOUT, "killed by Torque over its cpu time limit")));

    TorqueStatusParser(String scheduler) {
        super(scheduler);
    }

    @Override
    protected Map<String, EntryState> liveStates() {
        return LIVE_STATES;
    }

    @Override
    protected Set<String> endedStates() {
        return ENDED_STATES;
    }

    @Override
    protected Map<Integer, Outcome> exits() {
        return EXITS;
    }

    @Override
    protected String forgetfulness() {
        return "Torque forgets a completed job after keep_completed seconds";
    }

    /** Every {@code <Job>}; subjobs have their own records and exit codes, an empty answer is empty output. */
    @Override
    protected List<Job> jobs(String stdout) {
        String t = stdout.strip();
        if (t.isEmpty()) {
            return List.of();
        }
        NodeList jobs;
        try {
            jobs = parser().parse(new InputSource(new StringReader(t))).getElementsByTagName("Job");
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException(tag + " qstat -x printed something that is not XML (" + e.getMessage()
                    + "); it begins: '" + firstLine(t) + "'");
        }
        List<Job> out = new ArrayList<>();
        for (int i = 0; i < jobs.getLength(); i++) {
            Map<String, String> f = fields((Element) jobs.item(i));
            String name = variable(f.getOrDefault("Variable_List", ""), PbsScriptGenerator.NAME_VARIABLE);
            Optional<Instant> end = integer(f.get("comp_time")).map(Instant::ofEpochSecond);
            out.add(new Job(f.getOrDefault("Job_Id", ""), name.isEmpty() ? f.getOrDefault("Job_Name", "") : name,
                    f.getOrDefault("job_state", ""), -1, integer(f.get("exit_status")), f.getOrDefault("comment", ""),
                    end, f.getOrDefault("Hold_Types", ""), f.containsKey("depend"),
                    throttle(f.getOrDefault("submit_args", ""))));
        }
        return out;
    }

    /** The text of a job's direct children ({@code <job_state>R</job_state>}); nested lists are skipped. */
    private static Map<String, String> fields(Element job) {
        Map<String, String> f = new HashMap<>();
        for (Node n = job.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getElementsByTagName("*").getLength() == 0) {
                f.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        return f;
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler());   // throw, without printing "[Fatal Error]" on stderr
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser in this JDK", e);
        }
    }
}
