package dev.scatter.sim.pbs;

import dev.scatter.sim.Reply;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.testing.SimHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Torque variant: qsub -t, nodes/ppn, PBS_ARRAYID, state C, qstat -x as XML, walltime -11. */
class TorqueDialectTest {

    private SimHarness h;

    @BeforeEach
    void cluster() {
        h = SimHarness.pbs(Scheduler.TORQUE, b -> b.clockSpeedup(5).minJobAge(Duration.ofSeconds(1000)));
        h.write("t.sh", "#!/bin/bash\ncd \"$PBS_O_WORKDIR\"\necho \"$PBS_ARRAYID $PBS_NUM_PPN ${NCPUS:-none} $PBS_JOBID\"\n"
                + "[ \"$PBS_ARRAYID\" = 3 ] && sleep 60\nexit 0\n");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void runsArraysSubmittedWithT() throws Exception {
        Reply r = h.sh("qsub -t 0-3%2 -N tq -l nodes=1:ppn=2,walltime=00:00:05 t.sh");
        assertThat(r.stdout()).isEqualTo("0[].pbshost\n");
        h.awaitJobFinished(0, Duration.ofSeconds(15));
        // Torque names array output <name>.o<seq>-<index> and sets no NCPUS
        assertThat(h.read("tq.o0-1")).isEqualTo("1 2 none 0[1].pbshost\n");
        // (bash may first report its killed child: "Terminated")
        assertThat(h.read("tq.e0-3")).containsPattern("=>> PBS: job killed: walltime \\d+ exceeded limit 5\n");
        Map<String, Element> jobs = xmlJobs(h.sh("qstat -x -t").stdout());
        assertThat(text(jobs.get("0[3].pbshost"), "exit_status")).isEqualTo("-11");
        assertThat(text(jobs.get("0[1].pbshost"), "exit_status")).isEqualTo("0");
        assertThat(text(jobs.get("0[1].pbshost"), "job_state")).isEqualTo("C");
        assertThat(text(jobs.get("0[1].pbshost"), "job_array_id")).isEqualTo("1");
        assertThat(h.sh("qstat").stdout()).isEqualTo(
                "Job ID                    Name             User            Time Use S Queue\n"
                + "------------------------- ---------------- --------------- -------- - -----\n"
                + "0[].pbshost               tq               pbsuser                0 C workq\n");
        assertThat(h.sh("qstat -t").stdout()).contains("0[2].pbshost              tq               pbsuser         00:00:00 C workq\n");
    }

    @Test
    void acceptsSingleIndexArraysUnlikeOpenPbs() {
        assertThat(h.sh("qsub -t 5 t.sh").stdout()).isEqualTo("0[].pbshost\n");
    }

    @Test
    void printsTorquesVersion() {
        assertThat(h.sh("qstat --version").stdout()).isEqualTo("Version: 6.1.3\n");
    }

    @Test
    void forgetsCompletedJobsAfterKeepCompleted() {
        h.close();
        h = SimHarness.pbs(Scheduler.TORQUE, b -> b.minJobAge(Duration.ofSeconds(1)));
        assertThat(h.sh("qsub -N quick -- /bin/true").stdout()).isEqualTo("0.pbshost\n");
        h.awaitJobFinished(0, Duration.ofSeconds(10));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> h.sh("qstat 0.pbshost").exitCode() == 153);
        assertThat(h.sh("qstat 0.pbshost").stderr()).isEqualTo("qstat: Unknown Job Id 0.pbshost\n");
    }

    private static Map<String, Element> xmlJobs(String xml) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Map<String, Element> out = new HashMap<>();
        NodeList jobs = doc.getElementsByTagName("Job");
        for (int i = 0; i < jobs.getLength(); i++) {
            Element e = (Element) jobs.item(i);
            out.put(text(e, "Job_Id"), e);
        }
        return out;
    }

    private static String text(Element job, String tag) {
        NodeList n = job.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent();
    }
}
