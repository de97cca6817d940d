//! What the network shows of its persons on a path out: masked by default, in full only for a
//! purpose, and then written to the access log.

use crate::privacy::{AccessAction, AccessLog, Purposes, Reveal, check_reveal, log_reveal, masked};
use crate::schema::Record;
use crate::{Network, PersonRecord, Result};

impl Network {
    /// The log of every access to personal fields in full (see
    /// [`AccessLog`]). A new network has its own, allowing the default [`Purposes`]; clones of
    /// the network share it.
    ///
    /// ```
    /// let net = quanyu::synth::community(1)?;
    /// assert!(net.access_log().is_empty());
    /// assert!(net.clone().access_log().same_as(net.access_log()));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn access_log(&self) -> &AccessLog {
        &self.access
    }

    /// Makes the network record its accesses in `log` (one log for every network of a
    /// service, or a log with its own [`Purposes`]).
    ///
    /// ```
    /// use quanyu::privacy::{AccessLog, Purposes};
    /// let log = AccessLog::new(Purposes::new(["audit"]));
    /// let mut net = quanyu::Network::new();
    /// net.set_access_log(log.clone());
    /// assert!(net.access_log().same_as(&log));
    /// ```
    pub fn set_access_log(&mut self, log: AccessLog) {
        self.access = log;
    }

    /// Every person as a record with the personal fields masked by their declared rules
    /// (`138****5678`): what every path out of the library shows by default.
    ///
    /// ```
    /// # let net = quanyu::synth::community(1)?;
    /// for p in net.person_records_masked() {
    ///     assert!(p.phone.is_none_or(|v| v.expose().contains('*')));
    /// }
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn person_records_masked(&self) -> impl Iterator<Item = PersonRecord> + '_ {
        self.person_records().map(|r| masked(r, None))
    }

    /// Every person as a record with the fields `reveal` names in full and the other personal
    /// fields masked. The request is checked first (an allowed purpose, someone asking,
    /// personal fields of persons) and then written to the [access log](Network::access_log)
    /// with the ids of every person shown.
    ///
    /// ```
    /// use quanyu::privacy::Reveal;
    /// # let net = quanyu::synth::community(1)?;
    /// let rows = net.person_records_revealed(&Reveal::new("worker-07", "emergency").fields(["phone"]))?;
    /// let full = rows.iter().filter_map(|p| p.phone.as_ref()).filter(|v| !v.expose().contains('*'));
    /// assert!(full.count() > 0);
    /// assert_eq!(net.access_log().records()[0].purpose, "emergency");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn person_records_revealed(&self, reveal: &Reveal) -> Result<Vec<PersonRecord>> {
        check_reveal::<PersonRecord>(&self.access, Some(reveal))?;
        let rows: Vec<PersonRecord> = self
            .person_records()
            .map(|r| masked(r, Some(reveal)))
            .collect();
        let ids = rows.iter().map(|r| r.id.clone()).collect();
        log_reveal::<PersonRecord>(&self.access, Some(reveal), ids);
        Ok(rows)
    }

    /// Writes a full-fidelity backup to `path` (the binary snapshot of
    /// [`save_binary`](Network::save_binary), every personal field in full) and records in
    /// the access log that `who` made it, for the purpose [`Purposes::BACKUP`]. A backup is
    /// storage: it goes to the operator's own disks, never to another party or an app (send
    /// those an [extract](Network::extract) or an export).
    ///
    /// ```
    /// let net = quanyu::synth::community(1)?;
    /// let dir = tempfile::tempdir().unwrap();
    /// net.backup(dir.path().join("net.qyb"), "ops-01")?;
    /// assert_eq!(quanyu::Network::load_binary(dir.path().join("net.qyb"))?, net);
    /// assert_eq!(net.access_log().records()[0].action, quanyu::privacy::AccessAction::Backup);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn backup(&self, path: impl AsRef<std::path::Path>, who: &str) -> Result<()> {
        let personal = PersonRecord::SCHEMA
            .fields
            .iter()
            .filter(|f| f.class.is_personal());
        let reveal = Reveal::new(who, Purposes::BACKUP).fields(personal.map(|f| f.name));
        check_reveal::<PersonRecord>(&self.access, Some(&reveal))?;
        self.save_binary(path)?;
        self.access.record(
            who,
            Purposes::BACKUP,
            AccessAction::Backup,
            "network",
            reveal.fields,
            Vec::new(),
        );
        Ok(())
    }
}
